using System.Text;

namespace ModelRisk.Monitoring.Models.Points;

/// <summary>
/// A point's labels in one canonical string, so that the same label set always names the same series: keys sorted
/// ordinally, <c>key=value</c> pairs joined by <c>,</c>, with <c>\</c>, <c>,</c> and <c>=</c> in values escaped by a
/// backslash. Keys are lowercase identifiers, so they need no escaping. The label <c>column</c> names the feature of a
/// drift or data-quality metric.
/// </summary>
public static class SeriesLabels
{
    public const string ColumnLabel = "column";
    public const int MaxLabels = 8;
    public const int MaxKeyLength = 40;
    public const int MaxValueLength = 100;
    public const int MaxLength = 1000;

    public static string Canonical(IReadOnlyDictionary<string, string>? labels)
    {
        if (labels is null || labels.Count == 0)
        {
            return "";
        }
        var text = new StringBuilder();
        foreach (var (key, value) in labels.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            if (text.Length > 0)
            {
                text.Append(',');
            }
            AppendPair(text, key, value);
        }
        return text.ToString();
    }

    /// <summary>
    /// One <c>key=value</c> pair as the canonical form writes it. In that form an unescaped <c>=</c> only follows a key
    /// and an unescaped <c>,</c> only separates pairs, so the pair appears there, bounded by the start or a <c>,</c> and
    /// by a <c>,</c> or the end, exactly when the label set holds it.
    /// </summary>
    public static string Pair(string key, string value) => AppendPair(new StringBuilder(), key, value).ToString();

    private static StringBuilder AppendPair(StringBuilder text, string key, string value)
    {
        text.Append(key).Append('=');
        foreach (var c in value)
        {
            if (c is '\\' or ',' or '=')
            {
                text.Append('\\');
            }
            text.Append(c);
        }
        return text;
    }

    public static Dictionary<string, string> Parse(string series)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (series.Length == 0)
        {
            return labels;
        }
        var key = new StringBuilder();
        var value = new StringBuilder();
        var inValue = false;
        for (var i = 0; i < series.Length; i++)
        {
            var c = series[i];
            if (inValue && c == '\\' && i + 1 < series.Length)
            {
                value.Append(series[++i]);
            }
            else if (inValue && c == ',')
            {
                labels[key.ToString()] = value.ToString();
                key.Clear();
                value.Clear();
                inValue = false;
            }
            else if (!inValue && c == '=')
            {
                inValue = true;
            }
            else
            {
                (inValue ? value : key).Append(c);
            }
        }
        labels[key.ToString()] = value.ToString();
        return labels;
    }

    public const int IdLength = 32;

    /// <summary>The series' fixed-length id: the first 128 bits of the SHA-256 of its canonical form, in hex.</summary>
    public static string IdOf(string series) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(series)).AsSpan(0, IdLength / 2));

    public static string? ColumnOf(IReadOnlyDictionary<string, string>? labels) =>
        labels is not null && labels.TryGetValue(ColumnLabel, out var column) ? column : null;

    public static bool IsKey(string key) =>
        key.Length is > 0 and <= MaxKeyLength && char.IsAsciiLetterLower(key[0]) && key.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_');
}
