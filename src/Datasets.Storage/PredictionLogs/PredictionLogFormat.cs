using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ModelRisk.Datasets.Storage.PredictionLogs;

/// <summary>
/// How prediction logs and late labels are laid out in the dataset store, shared by Monitoring (which writes them)
/// and the validation workers (which read a window of them). Each accepted batch becomes one CSV object per UTC day
/// of its rows (predictions) or of its arrival (labels), under the model's prefix:
/// <c>monitoring/{model}/predictions/{yyyy-MM-dd}/{batch}.csv</c> and <c>monitoring/{model}/labels/{yyyy-MM-dd}/{batch}.csv</c>.
/// Objects are written once and never edited, so a reader needs no lock and a retried write replaces identical bytes.
/// </summary>
public static class PredictionLogFormat
{
    public const string PredictionIdColumn = "prediction_id";
    public const string TimestampColumn = "timestamp";
    public const string ScoreColumn = "score";
    public const string GroupColumn = "group";
    public const string LabelColumn = "label";
    public const string ObservedAtColumn = "observed_at";

    /// <summary>Column names a feature may not take, because the log's own columns use them.</summary>
    public static readonly IReadOnlySet<string> ReservedColumns = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        PredictionIdColumn, TimestampColumn, ScoreColumn, GroupColumn, LabelColumn, ObservedAtColumn,
    };

    public static string PredictionKey(string modelId, DateOnly day, string batchId) =>
        $"monitoring/{Segment(modelId)}/predictions/{day:yyyy-MM-dd}/{Segment(batchId)}.csv";

    public static string LabelKey(string modelId, DateOnly day, string batchId) =>
        $"monitoring/{Segment(modelId)}/labels/{day:yyyy-MM-dd}/{Segment(batchId)}.csv";

    /// <summary>The UTC day a timestamp belongs to, which names its partition.</summary>
    public static DateOnly DayOf(DateTimeOffset timestamp) => DateOnly.FromDateTime(timestamp.UtcDateTime);

    /// <summary>A CSV object of predictions: prediction_id, timestamp (ISO 8601 UTC), score, group, then the features.</summary>
    public static byte[] EncodePredictions(IReadOnlyList<string> featureNames, IEnumerable<PredictionRecord> rows)
    {
        var text = new StringBuilder();
        text.Append(PredictionIdColumn).Append(',').Append(TimestampColumn).Append(',').Append(ScoreColumn).Append(',').Append(GroupColumn);
        foreach (var name in featureNames)
        {
            text.Append(',');
            AppendCell(text, name);
        }
        text.Append('\n');
        foreach (var row in rows)
        {
            if (row.Features.Count != featureNames.Count)
            {
                throw new ArgumentException($"Prediction '{row.PredictionId}' has {row.Features.Count} features; the batch names {featureNames.Count}.", nameof(rows));
            }
            AppendCell(text, row.PredictionId);
            text.Append(',').Append(FormatTimestamp(row.Timestamp));
            text.Append(',').Append(row.Score.ToString("R", CultureInfo.InvariantCulture));
            text.Append(',');
            AppendCell(text, row.Group);
            foreach (var value in row.Features)
            {
                text.Append(',');
                AppendCell(text, value);
            }
            text.Append('\n');
        }
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>A CSV object of labels: prediction_id, label (0 or 1), observed_at (ISO 8601 UTC).</summary>
    public static byte[] EncodeLabels(IEnumerable<LabelRecord> rows)
    {
        var text = new StringBuilder();
        text.Append(PredictionIdColumn).Append(',').Append(LabelColumn).Append(',').Append(ObservedAtColumn).Append('\n');
        foreach (var row in rows)
        {
            AppendCell(text, row.PredictionId);
            text.Append(',').Append(row.Label.ToString(CultureInfo.InvariantCulture));
            text.Append(',').Append(FormatTimestamp(row.ObservedAt)).Append('\n');
        }
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    public static string FormatTimestamp(DateTimeOffset timestamp) =>
        timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// Reads a timestamp as <see cref="FormatTimestamp"/> writes it (on a fast path: a log holds one per row), or any
    /// other ISO 8601 date and time, taken as UTC when it has no offset.
    /// </summary>
    public static bool TryParseTimestamp(ReadOnlySpan<char> text, out DateTimeOffset timestamp)
    {
        // yyyy-MM-ddTHH:mm:ss.fffffffZ
        if (text.Length == 28 && text[4] == '-' && text[7] == '-' && text[10] == 'T' && text[13] == ':' && text[16] == ':' && text[19] == '.' && text[27] == 'Z'
            && Digits(text[..4], out var year) && Digits(text.Slice(5, 2), out var month) && Digits(text.Slice(8, 2), out var day)
            && Digits(text.Slice(11, 2), out var hour) && Digits(text.Slice(14, 2), out var minute) && Digits(text.Slice(17, 2), out var second)
            && Digits(text.Slice(20, 7), out var fraction)
            && year >= 1 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month) && hour < 24 && minute < 60 && second < 60)
        {
            timestamp = new DateTimeOffset(new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc).AddTicks(fraction), TimeSpan.Zero);
            return true;
        }

        return DateTimeOffset.TryParseExact(text, IsoFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out timestamp);
    }

    private static readonly string[] IsoFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd HH:mm:ss.FFFFFFFK", "yyyy-MM-dd HH:mm:ssK",
    ];

    private static bool Digits(ReadOnlySpan<char> text, out int value)
    {
        value = 0;
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }

    /// <summary>A key segment for an id: the id itself when the store accepts it, otherwise a stable hash of it.</summary>
    public static string Segment(string id)
    {
        if (DatasetKeys.IsValid(id) && !id.Contains('/'))
        {
            return id;
        }
        return "h-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)))[..32];
    }

    // RFC 4180: a cell with a separator, quote or line break is quoted and its quotes doubled; null is an empty cell.
    // No spreadsheet formula guard: these files are read by the engine, never opened as an export.
    private static void AppendCell(StringBuilder text, string? value)
    {
        if (value is null)
        {
            return;
        }
        if (value.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            text.Append(value);
            return;
        }
        text.Append('"').Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
    }
}
