using System.Text;
using ModelRisk.Validation.Engine.Running;

namespace ModelRisk.Validation.Engine.Reports;

/// <summary>A markdown report; the charts are inline SVG, which renderers that allow HTML show as is.</summary>
public static class MarkdownReport
{
    public static string Render(ValidationResult result)
    {
        var model = ReportModel.From(result);
        var md = new StringBuilder();
        md.Append("# ").AppendLine(Cell(model.Title)).AppendLine();
        md.AppendLine("| | |").AppendLine("|---|---|");
        foreach (var (label, value) in model.Summary)
        {
            md.Append("| ").Append(Cell(label)).Append(" | ").Append(Cell(value)).AppendLine(" |");
        }

        foreach (var table in model.Tables)
        {
            md.AppendLine().Append("## ").AppendLine(table.Title).AppendLine();
            md.Append("| ").AppendJoin(" | ", table.Headers.Select(Cell)).AppendLine(" |");
            md.Append('|').AppendJoin("|", table.Headers.Select(_ => "---")).AppendLine("|");
            foreach (var row in table.Rows)
            {
                md.Append("| ").AppendJoin(" | ", row.Select(Cell)).AppendLine(" |");
            }

            if (table.Note is { } note)
            {
                md.AppendLine().AppendLine(note);
            }
        }

        md.AppendLine().AppendLine("## Charts").AppendLine();
        foreach (var chart in model.Charts)
        {
            md.AppendLine(chart.Svg).AppendLine();
        }

        return md.ToString();
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
