using System.Text;
using ModelRisk.Validation.Engine.Running;

namespace ModelRisk.Validation.Engine.Reports;

/// <summary>
/// A markdown report; the charts are inline SVG, which renderers that allow HTML show as is. Every text taken
/// from the data (group values, column names, notes) goes through <see cref="Text"/>, so it reads as text and
/// never as HTML or markdown.
/// </summary>
public static class MarkdownReport
{
    public static string Render(ValidationResult result)
    {
        var model = ReportModel.From(result);
        var md = new StringBuilder();
        md.Append("# ").AppendLine(Text(model.Title)).AppendLine();
        md.AppendLine("| | |").AppendLine("|---|---|");
        foreach (var (label, value) in model.Summary)
        {
            md.Append("| ").Append(Text(label)).Append(" | ").Append(Text(value)).AppendLine(" |");
        }

        foreach (var table in model.Tables)
        {
            md.AppendLine().Append("## ").AppendLine(Text(table.Title)).AppendLine();
            md.Append("| ").AppendJoin(" | ", table.Headers.Select(Text)).AppendLine(" |");
            md.Append('|').AppendJoin("|", table.Headers.Select(_ => "---")).AppendLine("|");
            foreach (var row in table.Rows)
            {
                md.Append("| ").AppendJoin(" | ", row.Select(Text)).AppendLine(" |");
            }

            if (table.Note is { } note)
            {
                md.AppendLine().AppendLine(Text(note));
            }
        }

        md.AppendLine().AppendLine("## Charts").AppendLine();
        foreach (var chart in model.Charts)
        {
            md.AppendLine(chart.Svg).AppendLine();
        }

        return md.ToString();
    }

    /// <summary>
    /// Text on one line, with HTML's three markup characters as entities (renderers pass raw HTML through) and
    /// markdown's inline markup, table pipes and the escape character itself backslash-escaped.
    /// </summary>
    internal static string Text(string text)
    {
        var escaped = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            _ = c switch
            {
                '&' => escaped.Append("&amp;"),
                '<' => escaped.Append("&lt;"),
                '>' => escaped.Append("&gt;"),
                '\r' or '\n' => escaped.Append(' '),
                '\\' or '`' or '*' or '_' or '[' or ']' or '|' or '~' or '#' or '!' => escaped.Append('\\').Append(c),
                _ => escaped.Append(c),
            };
        }

        return escaped.ToString();
    }
}
