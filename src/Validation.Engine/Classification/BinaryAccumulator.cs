namespace ModelRisk.Validation.Engine.Classification;

/// <summary>
/// Mergeable, exact partial statistics: the distinct-score table. Reports from merged shards equal the
/// report of one pass bit for bit because every metric is computed from the same canonical table.
/// </summary>
public sealed class BinaryAccumulator
{
    private ScoreTable table = ScoreTable.Empty;

    public long Rows => table.Rows;

    public long Positives => table.Positives;

    public long Negatives => table.Negatives;

    /// <summary>Number of distinct scores held; the serialised form is 16 bytes per distinct score.</summary>
    public int DistinctScores => table.Count;

    public void Add(ReadOnlySpan<double> scores, ReadOnlySpan<byte> labels) =>
        table = ScoreTable.Merge(table, ScoreTable.Build(scores, labels));

    public void Merge(BinaryAccumulator other)
    {
        ArgumentNullException.ThrowIfNull(other);
        table = ScoreTable.Merge(table, other.table);
    }

    public BinaryReport ToReport(BinaryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return BinaryMetrics.FromTable(table, options);
    }

    public byte[] ToBytes() => table.ToBytes();

    public static BinaryAccumulator FromBytes(ReadOnlySpan<byte> bytes) => new() { table = ScoreTable.FromBytes(bytes) };
}
