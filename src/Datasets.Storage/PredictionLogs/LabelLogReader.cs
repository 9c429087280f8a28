namespace ModelRisk.Datasets.Storage.PredictionLogs;

/// <summary>
/// Reads a label object row by row, the inverse of <see cref="PredictionLogFormat.EncodeLabels"/>: the header is exactly
/// prediction_id, label, observed_at; a label is 0 or 1; observed_at is an ISO 8601 timestamp. The id is
/// a span over a reused buffer, valid until the next <see cref="MoveNext"/>. Anything else throws
/// <see cref="PredictionLogException"/> naming the object, the record and the reason.
/// </summary>
public sealed class LabelLogReader : IDisposable
{
    private readonly CsvRecordReader records;

    public LabelLogReader(Stream stream, string objectKey)
    {
        ArgumentNullException.ThrowIfNull(stream);
        records = new CsvRecordReader(stream, objectKey);
        string[] expected = [PredictionLogFormat.PredictionIdColumn, PredictionLogFormat.LabelColumn, PredictionLogFormat.ObservedAtColumn];
        try
        {
            if (!records.MoveNext())
            {
                throw records.Fail("the object is empty; a label object starts with its header");
            }

            if (records.Count != expected.Length || !records[0].SequenceEqual(expected[0]) || !records[1].SequenceEqual(expected[1]) || !records[2].SequenceEqual(expected[2]))
            {
                throw records.Fail($"the header is not {string.Join(",", expected)}");
            }
        }
        catch
        {
            records.Dispose();
            throw;
        }
    }

    public ReadOnlySpan<char> PredictionId => records[0];

    /// <summary>0 or 1.</summary>
    public byte Label { get; private set; }

    public DateTimeOffset ObservedAt { get; private set; }

    /// <summary>The next label; false after the last.</summary>
    public bool MoveNext()
    {
        if (!records.MoveNext())
        {
            return false;
        }

        if (records.Count != 3)
        {
            throw records.Fail($"has {records.Count} cells but the header names 3 columns");
        }

        if (records[0].IsEmpty)
        {
            throw records.Fail($"'{PredictionLogFormat.PredictionIdColumn}' is empty");
        }

        var label = records[1];
        Label = label.SequenceEqual("0") ? (byte)0
            : label.SequenceEqual("1") ? (byte)1
            : throw records.Fail($"'{PredictionLogFormat.LabelColumn}' {PredictionLogReader.Quote(label)} is not 0 or 1");
        ObservedAt = PredictionLogFormat.TryParseTimestamp(records[2], out var observedAt)
            ? observedAt
            : throw records.Fail($"'{PredictionLogFormat.ObservedAtColumn}' {PredictionLogReader.Quote(records[2])} is not an ISO 8601 timestamp");
        return true;
    }

    public void Dispose() => records.Dispose();
}
