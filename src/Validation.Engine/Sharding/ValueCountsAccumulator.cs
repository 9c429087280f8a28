using ModelRisk.Validation.Engine.Drift;

namespace ModelRisk.Validation.Engine.Sharding;

/// <summary>
/// Merges many distinct-value tables into one. Tables wait on a stack whose sizes at least halve from bottom to
/// top, like <see cref="Classification.BinaryAccumulator"/>, so many small tables cost O(n log n) merging.
/// </summary>
internal sealed class ValueCountsAccumulator
{
    private readonly List<ValueCounts> pending = [];

    public ValueCounts Table
    {
        get
        {
            while (pending.Count > 1)
            {
                MergeTop();
            }

            return pending.Count == 0 ? ValueCounts.Empty : pending[0];
        }
    }

    public void Add(ValueCounts table)
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
        pending[^1] = ValueCounts.Merge(pending[^1], top);
    }
}
