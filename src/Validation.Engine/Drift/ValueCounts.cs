using System.Runtime.InteropServices;

namespace ModelRisk.Validation.Engine.Drift;

/// <summary>
/// A sample of finite numbers as its distinct values in ascending order with the cumulative count up to each.
/// Every numeric drift figure is read off this table, so a sample sorted whole and one merged from the tables
/// of its shards give the same figures bit for bit. Negative zero is stored as zero, as the sort maps it.
/// </summary>
internal sealed class ValueCounts
{
    private ValueCounts(double[] values, long[] ends, int count)
    {
        Values = values;
        Ends = ends;
        Count = count;
    }

    public static ValueCounts Empty { get; } = new([], [], 0);

    /// <summary>Distinct values, ascending; only the first <see cref="Count"/> are used.</summary>
    public double[] Values { get; }

    /// <summary>Ends[g]: how many values of the sample are at most Values[g].</summary>
    public long[] Ends { get; }

    public int Count { get; }

    public long Total => Count == 0 ? 0 : Ends[Count - 1];

    public long CountAt(int g) => Ends[g] - (g == 0 ? 0 : Ends[g - 1]);

    /// <summary>
    /// The table of finite values (throws on any other). The sort's scratch buffer becomes the cumulative counts
    /// and the sorted copy the values, so the table costs no memory beyond the sort's own; both arrays keep the
    /// sample's length.
    /// </summary>
    public static ValueCounts Of(ReadOnlySpan<double> values, string parameterName = "values")
    {
        if (values.IsEmpty)
        {
            return Empty;
        }

        var ends = GC.AllocateUninitializedArray<long>(values.Length);
        var sorted = SortedValues.Sort(values, MemoryMarshal.Cast<long, ulong>(ends.AsSpan()), parameterName);
        return new ValueCounts(sorted, ends, Collapse(sorted, ends));
    }

    /// <summary>
    /// The table of finite values in arrays of exactly its size, sorted in the caller's buffers (at least as long
    /// as <paramref name="values"/>), so a caller that tabulates chunk after chunk allocates only what it keeps.
    /// </summary>
    public static ValueCounts Of(ReadOnlySpan<double> values, double[] sortBuffer, long[] endsBuffer)
    {
        if (values.IsEmpty)
        {
            return Empty;
        }

        SortedValues.SortInto(values, sortBuffer, MemoryMarshal.Cast<long, ulong>(endsBuffer.AsSpan()), nameof(values));
        var count = Collapse(sortBuffer.AsSpan(0, values.Length), endsBuffer);
        return new ValueCounts(sortBuffer[..count], endsBuffer[..count], count);
    }

    /// <summary>Collapses ascending values in place into their distinct values and cumulative counts; returns how many.</summary>
    private static int Collapse(Span<double> sorted, Span<long> ends)
    {
        var g = 0;
        for (var i = 1; i < sorted.Length; i++)
        {
            if (sorted[i] != sorted[g])
            {
                ends[g] = i;
                sorted[++g] = sorted[i];
            }
        }

        ends[g] = sorted.Length;
        return g + 1;
    }

    /// <summary>A table from distinct ascending values and a count for each (as read back from shard statistics).</summary>
    public static ValueCounts FromCounts(double[] values, ReadOnlySpan<long> counts)
    {
        if (values.Length != counts.Length)
        {
            throw new ArgumentException("one count per value", nameof(counts));
        }

        var ends = new long[values.Length];
        long total = 0;
        for (var g = 0; g < values.Length; g++)
        {
            if (!double.IsFinite(values[g]) || (g > 0 && !(values[g] > values[g - 1])) || counts[g] <= 0 || BitConverter.DoubleToInt64Bits(values[g]) == long.MinValue)
            {
                throw new ArgumentException($"value {g} is not finite, not ascending, negative zero or has no count", nameof(values));
            }

            total = checked(total + counts[g]);
            ends[g] = total;
        }

        return new ValueCounts(values, ends, values.Length);
    }

    /// <summary>A table from distinct ascending values and their cumulative counts, already checked by the caller (a merge of checked tables).</summary>
    public static ValueCounts FromSortedEnds(double[] values, long[] ends) =>
        values.Length == ends.Length ? new ValueCounts(values, ends, values.Length) : throw new ArgumentException("one end per value", nameof(ends));

    public static ValueCounts Merge(ValueCounts a, ValueCounts b)
    {
        if (a.Count == 0)
        {
            return b;
        }

        if (b.Count == 0)
        {
            return a;
        }

        var capacity = a.Count + b.Count;
        var values = new double[capacity];
        var ends = new long[capacity];
        int i = 0, j = 0, g = 0;
        long total = 0;
        while (i < a.Count || j < b.Count)
        {
            double value;
            long count = 0;
            if (j == b.Count || (i < a.Count && a.Values[i] < b.Values[j]))
            {
                value = a.Values[i];
                count = a.CountAt(i++);
            }
            else if (i == a.Count || b.Values[j] < a.Values[i])
            {
                value = b.Values[j];
                count = b.CountAt(j++);
            }
            else
            {
                value = a.Values[i];
                count = a.CountAt(i++) + b.CountAt(j++);
            }

            total = checked(total + count);
            values[g] = value;
            ends[g++] = total;
        }

        return new ValueCounts(values, ends, g);
    }

    /// <summary>The value at 0-based <paramref name="rank"/> in ascending order.</summary>
    public double ValueAtRank(long rank)
    {
        int lo = 0, hi = Count - 1;
        while (lo < hi)
        {
            var mid = (int)(((uint)lo + (uint)hi) >> 1);
            if (Ends[mid] > rank)
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }

        return Values[lo];
    }

    /// <summary>Number of values strictly below <paramref name="x"/>.</summary>
    public long CountBelow(double x)
    {
        int lo = 0, hi = Count;
        while (lo < hi)
        {
            var mid = (int)(((uint)lo + (uint)hi) >> 1);
            if (Values[mid] < x)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo == 0 ? 0 : Ends[lo - 1];
    }
}
