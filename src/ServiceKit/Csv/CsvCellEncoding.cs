using System.Buffers;
using System.Text;

namespace ModelRisk.ServiceKit.Csv;

/// <summary>
/// How a value travels in a cell of an exported (and re-imported) CSV, so that opening an export in a spreadsheet cannot run a formula
/// and importing it back gives the value exactly:
/// <list type="bullet">
/// <item>A spreadsheet may split a line on any of <c>, ; tab |</c> (its locale or import dialog decides) and on line
/// breaks, and runs a piece that starts with <c>= + - @ tab CR</c>. So wherever a piece could start (the cell's start,
/// or after one of those characters, spaces skipped) and a formula character follows, possibly after some <c>'</c>,
/// one more <c>'</c> is written there; import removes one <c>'</c> from each such place.</item>
/// <item>List items are joined with <c>;</c>. An item's <c>;</c> is written <c>\;</c>, and its <c>\</c> is written
/// <c>\\</c> where it comes before <c>;</c> or <c>\</c> or ends the item; any other <c>\</c> stands for itself.</item>
/// <item>A cell holding <c>, " CR LF</c> is quoted, with <c>""</c> for a quote.</item>
/// </list>
/// </summary>
public static class CsvCellEncoding
{
    public const char ListSeparator = ';';

    private const char Escape = '\\';
    private const char FormulaGuard = '\'';

    private static readonly SearchValues<char> FormulaStarts = SearchValues.Create("=+-@\t\r");
    private static readonly SearchValues<char> PieceSeparators = SearchValues.Create(",;\t|\r\n");
    private static readonly SearchValues<char> NeedsQuotes = SearchValues.Create(",\"\r\n");
    private static readonly SearchValues<char> NeedsListEscape = SearchValues.Create(";\\");

    /// <summary>One exported cell: guarded against formulas, then quoted if it must be.</summary>
    public static string FormatCell(string value)
    {
        var cell = Guard(value, add: true);
        return cell.AsSpan().ContainsAny(NeedsQuotes) ? "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : cell;
    }

    /// <summary>One imported cell, already unquoted: trimmed, and the formula guards taken off again.</summary>
    public static string ParseCell(string cell) => Guard(cell.Trim(), add: false);

    public static string JoinList(IEnumerable<string> items) => string.Join(ListSeparator, items.Select(EscapeItem));

    /// <summary>The items of a list cell, unescaped and trimmed; empty items are dropped.</summary>
    public static IReadOnlyList<string> SplitList(string cell)
    {
        var items = new List<string>();
        var item = new StringBuilder();
        for (var i = 0; i < cell.Length; i++)
        {
            if (cell[i] == Escape && i + 1 < cell.Length && NeedsListEscape.Contains(cell[i + 1]))
            {
                item.Append(cell[++i]);
            }
            else if (cell[i] == ListSeparator)
            {
                AddItem();
            }
            else
            {
                item.Append(cell[i]);
            }
        }
        AddItem();
        return items;

        void AddItem()
        {
            var text = item.ToString().Trim();
            if (text.Length > 0)
            {
                items.Add(text);
            }
            item.Clear();
        }
    }

    private static string EscapeItem(string item)
    {
        if (!item.AsSpan().ContainsAny(NeedsListEscape))
        {
            return item;
        }
        var escaped = new StringBuilder(item.Length + 8);
        for (var i = 0; i < item.Length; i++)
        {
            var c = item[i];
            if (c == ListSeparator || (c == Escape && (i + 1 == item.Length || NeedsListEscape.Contains(item[i + 1]))))
            {
                escaped.Append(Escape);
            }
            escaped.Append(c);
        }
        return escaped.ToString();
    }

    /// <summary>
    /// Adds (export) or removes (import) one guard quote at every place a spreadsheet could start a piece that is a
    /// formula. Both directions walk the same places, so removing undoes adding exactly.
    /// </summary>
    private static string Guard(string text, bool add)
    {
        StringBuilder? changed = null;
        var pieceStart = true;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (pieceStart && c != ' ')
            {
                pieceStart = false;
                var next = i;
                while (next < text.Length && text[next] == FormulaGuard)
                {
                    next++;
                }
                var formula = next < text.Length && FormulaStarts.Contains(text[next]);
                if (formula && add)
                {
                    (changed ??= new StringBuilder(text, 0, i, text.Length + 8)).Append(FormulaGuard);
                }
                else if (formula && next > i)
                {
                    changed ??= new StringBuilder(text, 0, i, text.Length);
                    continue;
                }
            }
            changed?.Append(c);
            if (PieceSeparators.Contains(c))
            {
                pieceStart = true;
            }
        }
        return changed?.ToString() ?? text;
    }
}
