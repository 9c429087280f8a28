using System.Globalization;

namespace ModelRisk.Datasets.Storage.PredictionLogs;

/// <summary>
/// Reads a prediction-log object row by row, the inverse of <see cref="PredictionLogFormat.EncodePredictions"/>: the
/// header must start with prediction_id, timestamp, score, group and name each feature once; every row must have one
/// cell per column, an ISO 8601 timestamp and a finite score. Cells are spans over a reused
/// buffer, valid until the next <see cref="MoveNext"/>, so a reader holds one row whatever the object's size.
/// Anything else throws <see cref="PredictionLogException"/> naming the object, the record and the reason.
/// </summary>
public sealed class PredictionLogReader : IDisposable
{
    private const int FixedColumns = 4;
    private readonly CsvRecordReader records;
    private readonly int columns;

    public PredictionLogReader(Stream stream, string objectKey)
    {
        ArgumentNullException.ThrowIfNull(stream);
        records = new CsvRecordReader(stream, objectKey);
        if (!records.MoveNext())
        {
            records.Dispose();
            throw records.Fail("the object is empty; a prediction log starts with its header");
        }

        try
        {
            FeatureNames = ReadHeader(records);
        }
        catch
        {
            records.Dispose();
            throw;
        }

        columns = FixedColumns + FeatureNames.Count;
    }

    /// <summary>The features this object carries, in column order after the log's own four columns.</summary>
    public IReadOnlyList<string> FeatureNames { get; }

    public ReadOnlySpan<char> PredictionId => records[0];

    public DateTimeOffset Timestamp { get; private set; }

    public double Score { get; private set; }

    /// <summary>The group cell; empty when the row has none.</summary>
    public ReadOnlySpan<char> Group => records[3];

    /// <summary>The <paramref name="index"/>-th feature's cell (as in <see cref="FeatureNames"/>); empty when missing.</summary>
    public ReadOnlySpan<char> Feature(int index) => records[FixedColumns + index];

    /// <summary>The next row; false after the last.</summary>
    public bool MoveNext()
    {
        if (!records.MoveNext())
        {
            return false;
        }

        if (records.Count != columns)
        {
            throw records.Fail($"has {records.Count} cells but the header names {columns} columns");
        }

        if (records[0].IsEmpty)
        {
            throw records.Fail($"'{PredictionLogFormat.PredictionIdColumn}' is empty");
        }

        Timestamp = PredictionLogFormat.TryParseTimestamp(records[1], out var timestamp)
            ? timestamp
            : throw records.Fail($"'{PredictionLogFormat.TimestampColumn}' {Quote(records[1])} is not an ISO 8601 timestamp");
        Score = double.TryParse(records[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var score) && double.IsFinite(score)
            ? score
            : throw records.Fail($"'{PredictionLogFormat.ScoreColumn}' {Quote(records[2])} is not a finite number");
        return true;
    }

    public void Dispose() => records.Dispose();

    internal static string Quote(ReadOnlySpan<char> cell) => cell.Length <= 40 ? $"'{cell}'" : $"'{cell[..40]}…'";

    private static string[] ReadHeader(CsvRecordReader header)
    {
        string[] expected = [PredictionLogFormat.PredictionIdColumn, PredictionLogFormat.TimestampColumn, PredictionLogFormat.ScoreColumn, PredictionLogFormat.GroupColumn];
        if (header.Count < FixedColumns)
        {
            throw header.Fail($"the header has {header.Count} columns; a prediction log starts with {string.Join(",", expected)}");
        }

        for (var i = 0; i < FixedColumns; i++)
        {
            if (!header[i].SequenceEqual(expected[i]))
            {
                throw header.Fail($"header column {i + 1} is {Quote(header[i])}, expected '{expected[i]}' (a prediction log starts with {string.Join(",", expected)})");
            }
        }

        var names = new string[header.Count - FixedColumns];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < names.Length; i++)
        {
            var name = header[FixedColumns + i].ToString();
            if (name.Length == 0)
            {
                throw header.Fail($"header column {FixedColumns + i + 1} has no name");
            }

            if (PredictionLogFormat.ReservedColumns.Contains(name))
            {
                throw header.Fail($"feature '{name}' takes the name of one of the log's own columns");
            }

            if (!seen.Add(name))
            {
                throw header.Fail($"feature '{name}' appears twice in the header");
            }

            names[i] = name;
        }

        return names;
    }
}
