using System.Runtime.InteropServices;

namespace ModelRisk.Validation.Engine;

/// <summary>Sorts finite doubles through the radix sort: the usual order-preserving map of IEEE bits to ulong.</summary>
internal static class SortedValues
{
    public static double[] Sort(ReadOnlySpan<double> values, string parameterName) =>
        Sort(values, GC.AllocateUninitializedArray<ulong>(values.Length), parameterName);

    /// <param name="scratch">Working space of the radix sort, at least as long as <paramref name="values"/>; its contents afterwards are undefined.</param>
    public static double[] Sort(ReadOnlySpan<double> values, Span<ulong> scratch, string parameterName)
    {
        var result = GC.AllocateUninitializedArray<double>(values.Length);
        SortInto(values, result, scratch, parameterName);
        return result;
    }

    /// <summary>Sorts <paramref name="values"/> into the first values.Length slots of <paramref name="result"/>.</summary>
    public static void SortInto(ReadOnlySpan<double> values, Span<double> result, Span<ulong> scratch, string parameterName)
    {
        var keys = MemoryMarshal.Cast<double, ulong>(result[..values.Length]);
        var bad = false;
        for (var i = 0; i < values.Length; i++)
        {
            var v = values[i] + 0.0;
            bad |= !double.IsFinite(v);
            var bits = BitConverter.DoubleToUInt64Bits(v);

            // Negative numbers: flip every bit; non-negative: flip the sign bit. Unsigned order is then value order.
            keys[i] = bits ^ ((ulong)((long)bits >> 63) | 0x8000_0000_0000_0000UL);
        }

        if (bad)
        {
            throw new ArgumentOutOfRangeException(parameterName, "values must be finite");
        }

        RadixSort.Sort(keys, scratch[..keys.Length]);
        for (var i = 0; i < keys.Length; i++)
        {
            var k = keys[i];
            keys[i] = k ^ ((k & 0x8000_0000_0000_0000UL) != 0 ? 0x8000_0000_0000_0000UL : ulong.MaxValue);
        }
    }

    /// <summary>Number of values strictly below <paramref name="x"/>.</summary>
    public static int CountBelow(ReadOnlySpan<double> sorted, double x)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (int)(((uint)lo + (uint)hi) >> 1);
            if (sorted[mid] < x)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
