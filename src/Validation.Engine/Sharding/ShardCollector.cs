using ModelRisk.Validation.Engine.Classification;
using ModelRisk.Validation.Engine.Data;
using ModelRisk.Validation.Engine.Drift;
using ModelRisk.Validation.Engine.Fairness;
using ModelRisk.Validation.Engine.Quality;
using ModelRisk.Validation.Engine.Running;

namespace ModelRisk.Validation.Engine.Sharding;

/// <summary>
/// Gathers one shard's statistics chunk by chunk. Nothing is held per row: score and label go into distinct-score
/// tables (one per group when there is a group column), drift values into distinct-value tables, categories into
/// counts, so memory follows the shard's distinct values, never more than its rows.
/// </summary>
internal sealed class ShardCollector
{
    private readonly ColumnLayout layout;
    private readonly BinaryAccumulator binary = new();
    private readonly List<BinaryAccumulator> groups = [];
    private readonly long[]?[] categoryCounts;
    private readonly ValueCountsAccumulator?[] values;
    private double[] finite = [];
    private double[] sortBuffer = [];
    private long[] endsBuffer = [];

    public ShardCollector(ColumnLayout layout)
    {
        this.layout = layout;
        Quality = new QualityAccumulator(layout.Specs, layout.Roles, layout.Score, layout.Id);
        categoryCounts = new long[]?[layout.Specs.Count];
        values = new ValueCountsAccumulator?[layout.Specs.Count];
        for (var c = 0; c < layout.Specs.Count; c++)
        {
            if (layout.Specs[c].Kind == ColumnKind.Categorical)
            {
                categoryCounts[c] = [];
            }
            else if (layout.Specs[c].Kind == ColumnKind.Numeric && layout.Drift.Contains(c))
            {
                values[c] = new ValueCountsAccumulator();
            }
        }
    }

    public QualityAccumulator Quality { get; }

    /// <summary>Adds a chunk that <see cref="ValidationRunner.Guard"/> has passed (every score and label valid).</summary>
    public void Add(TableChunk chunk, ITableReader reader)
    {
        var scores = chunk.Numeric(layout.Score);
        var labels = chunk.Labels(layout.Label);
        if (layout.Group >= 0)
        {
            var groupCount = reader.Categories(layout.Group).Names.Count;
            var tables = GroupMetrics.GroupTables(scores, labels, chunk.Codes(layout.Group), groupCount);
            while (groups.Count < groupCount)
            {
                groups.Add(new BinaryAccumulator());
            }

            for (var g = 0; g < groupCount; g++)
            {
                groups[g].Merge(tables[g]);
            }
        }
        else
        {
            binary.Add(scores, labels);
        }

        for (var c = 0; c < layout.Specs.Count; c++)
        {
            if (categoryCounts[c] is { } counts)
            {
                var size = reader.Categories(c).Names.Count;
                if (counts.Length < size)
                {
                    Array.Resize(ref counts, Math.Max(size, counts.Length * 2));
                    categoryCounts[c] = counts;
                }

                foreach (var code in chunk.Codes(c))
                {
                    counts[code]++;
                }
            }
            else if (values[c] is { } accumulator)
            {
                var finiteValues = Finite(chunk.Numeric(c));
                if (sortBuffer.Length < finiteValues.Length)
                {
                    sortBuffer = GC.AllocateUninitializedArray<double>(finiteValues.Length);
                    endsBuffer = GC.AllocateUninitializedArray<long>(finiteValues.Length);
                }

                accumulator.Add(ValueCounts.Of(finiteValues, sortBuffer, endsBuffer));
            }
        }
    }

    public ShardStatistics ToStatistics(ShardSpec shard, long dataBytes, ITableReader reader)
    {
        var columns = new ShardColumn[layout.Specs.Count];
        for (var c = 0; c < columns.Length; c++)
        {
            var spec = layout.Specs[c];
            var state = Quality.State(c);
            string? firstName = null;
            IReadOnlyList<string>? names = null;
            long[]? counts = null;
            if (spec.Kind == ColumnKind.Categorical)
            {
                names = reader.Categories(c).Names;
                counts = categoryCounts[c]!.AsSpan(0, names.Count).ToArray();
                firstName = state.Seen ? names[(int)state.First] : null;
                state = state with { First = 0 };
            }

            columns[c] = new ShardColumn(spec, reader.MissingCount(c), state, firstName, names, counts, values[c] is { } v ? SortedRun.Of(v.Table) : null);
        }

        // With a group column the overall table is the merge of the group tables: one sort per chunk instead of two.
        var table = binary;
        foreach (var group in groups)
        {
            table.Merge(group);
        }

        var groupTables = layout.Group < 0 ? [] : groups.Select(g => SortedRun.Of(g.Table)).ToArray();
        return new ShardStatistics(
            shard.Index,
            shard.Count,
            dataBytes,
            reader.RowsRead,
            reader.BlankLines,
            Quality.ScoresOutOfRange,
            Quality.LabelsNotBinary,
            Quality.MissingLabels,
            layout.Group,
            columns,
            SortedRun.Of(table.Table),
            groupTables);
    }

    private ReadOnlySpan<double> Finite(ReadOnlySpan<double> chunk)
    {
        if (finite.Length < chunk.Length)
        {
            finite = GC.AllocateUninitializedArray<double>(chunk.Length);
        }

        var kept = 0;
        foreach (var v in chunk)
        {
            if (double.IsFinite(v))
            {
                finite[kept++] = v;
            }
        }

        return finite.AsSpan(0, kept);
    }
}
