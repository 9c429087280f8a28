using System.Text;
using ModelRisk.Validation.Engine.Running;

namespace ModelRisk.Validation.Engine.Reports;

/// <summary>A single self-contained HTML page: inline CSS and SVG, no scripts, so it can be attached to a review as is.</summary>
public static class HtmlReport
{
    private const string Style = """
        body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:1100px;color:#222;padding:0 1rem}
        h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #ddd}
        table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ccc;padding:.25rem .6rem;text-align:left;font-size:.9rem}
        th{background:#f4f4f4}.charts{display:flex;flex-wrap:wrap;gap:1rem}
        .PASS{color:#176b2c;font-weight:bold}.WARN{color:#9a6700;font-weight:bold}.FAIL{color:#b3261e;font-weight:bold}.SKIP{color:#666}
        """;

    public static string Render(ValidationResult result)
    {
        var model = ReportModel.From(result);
        var html = new StringBuilder();
        html.AppendLine("<!DOCTYPE html>").AppendLine("<html lang=\"en\"><head><meta charset=\"utf-8\">");
        html.Append("<title>").Append(E(model.Title)).AppendLine("</title>");
        html.Append("<style>").Append(Style).AppendLine("</style></head><body>");
        html.Append("<h1>").Append(E(model.Title)).AppendLine("</h1>");
        html.AppendLine("<table>");
        foreach (var (label, value) in model.Summary)
        {
            html.Append("<tr><th>").Append(E(label)).Append("</th><td>").Append(E(value)).AppendLine("</td></tr>");
        }

        html.AppendLine("</table>");
        html.AppendLine("<h2>Charts</h2><div class=\"charts\">");
        foreach (var chart in model.Charts)
        {
            html.Append("<figure>").Append(chart.Svg).AppendLine("</figure>");
        }

        html.AppendLine("</div>");
        foreach (var table in model.Tables)
        {
            html.Append("<h2>").Append(E(table.Title)).AppendLine("</h2><table><tr>");
            foreach (var header in table.Headers)
            {
                html.Append("<th>").Append(E(header)).Append("</th>");
            }

            html.AppendLine("</tr>");
            foreach (var row in table.Rows)
            {
                html.Append("<tr>");
                foreach (var cell in row)
                {
                    var status = cell is "PASS" or "WARN" or "FAIL" or "SKIP" ? $" class=\"{cell}\"" : "";
                    html.Append("<td").Append(status).Append('>').Append(E(cell)).Append("</td>");
                }

                html.AppendLine("</tr>");
            }

            html.AppendLine("</table>");
            if (table.Note is { } note)
            {
                html.Append("<p>").Append(E(note)).AppendLine("</p>");
            }
        }

        html.AppendLine("</body></html>");
        return html.ToString();
    }

    private static string E(string text) => SvgChart.Escape(text);
}
