namespace ModelRisk.Validation.Engine.Classification;

/// <summary>
/// Mergeable, exact partial statistics: the distinct-score table. Reports from merged shards equal the
/// report of one pass bit for bit because every metric is computed from the same canonical table.
/// </summary>
public sealed class BinaryAccumulator
{
    // Batches wait on a stack whose tables at least halve in size from bottom to top, like a binary
    // counter, so streaming many small batches costs O(n log n) merging rather than O(n²).
    private readonly List<ScoreTable> pending = [];

    public long Rows => Table.Rows;

    public long Positives => Table.Positives;

    public long Negatives => Table.Negatives;

    /// <summary>Number of distinct scores held; the serialised form is 16 bytes per distinct score.</summary>
    public int DistinctScores => Table.Count;

    internal ScoreTable Table
    {
        get
        {
            while (pending.Count > 1)
            {
                MergeTop();
            }

            return pending.Count == 0 ? ScoreTable.Empty : pending[0];
        }
    }

    public void Add(ReadOnlySpan<double> scores, ReadOnlySpan<byte> labels) => Push(ScoreTable.Build(scores, labels));

    internal void Merge(ScoreTable other) => Push(other);

    public void Merge(BinaryAccumulator other)
    {
        ArgumentNullException.ThrowIfNull(other);
        Push(other.Table);
    }

    public BinaryReport ToReport(BinaryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return BinaryMetrics.FromTable(Table, options);
    }

    public byte[] ToBytes() => Table.ToBytes();

    public static BinaryAccumulator FromBytes(ReadOnlySpan<byte> bytes)
    {
        var accumulator = new BinaryAccumulator();
        accumulator.Push(ScoreTable.FromBytes(bytes));
        return accumulator;
    }

    private void Push(ScoreTable table)
    {
        if (table.Count == 0)
        {
            return;
        }

        pending.Add(table);
        while (pending.Count > 1 && pending[^1].Count * 2 >= pending[^2].Count)
        {
            MergeTop();
        }
    }

    private void MergeTop()
    {
        var top = pending[^1];
        pending.RemoveAt(pending.Count - 1);
        pending[^1] = ScoreTable.Merge(pending[^1], top);
    }
}
