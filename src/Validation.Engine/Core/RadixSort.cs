using System.Numerics;

namespace ModelRisk.Validation.Engine;

/// <summary>
/// LSD radix sort of 64-bit keys. Only the bit range in which the keys differ is sorted (found by OR and
/// AND over the keys), cut into as few passes of at most 12 bits as cover it: scores from one model share
/// their top exponent bits, and float-derived scores have 29 constant low bits, so this often saves passes.
/// All digit histograms come from one read pass.
/// </summary>
internal static class RadixSort
{
    private const int MaxDigitBits = 12;

    /// <summary>Below this a comparison sort beats the scatter passes.</summary>
    private const int SmallSortThreshold = 2048;

    public static unsafe void Sort(Span<ulong> keys, Span<ulong> scratch)
    {
        var n = keys.Length;
        if (n <= SmallSortThreshold)
        {
            keys.Sort();
            return;
        }

        if (scratch.Length < n)
        {
            throw new ArgumentException("scratch must be at least as long as keys", nameof(scratch));
        }

        ulong any = 0, all = ulong.MaxValue;
        foreach (var k in keys)
        {
            any |= k;
            all &= k;
        }

        var varying = any & ~all;
        if (varying == 0)
        {
            return;
        }

        var low = BitOperations.TrailingZeroCount(varying);
        var width = 64 - BitOperations.LeadingZeroCount(varying) - low;
        var passes = (width + MaxDigitBits - 1) / MaxDigitBits;
        var digitBits = (width + passes - 1) / passes;
        var buckets = 1 << digitBits;
        var mask = (ulong)buckets - 1;

        var counts = new int[passes * buckets];
        var offsets = new int[buckets];
        fixed (ulong* keyPtr = keys)
        fixed (ulong* scratchPtr = scratch)
        fixed (int* countPtr = counts)
        fixed (int* offsetPtr = offsets)
        {
            for (var i = 0; i < n; i++)
            {
                var k = keyPtr[i] >> low;
                for (var pass = 0; pass < passes; pass++)
                {
                    countPtr[(pass * buckets) + (int)((k >> (pass * digitBits)) & mask)]++;
                }
            }

            var src = keyPtr;
            var dst = scratchPtr;
            for (var pass = 0; pass < passes; pass++)
            {
                var histogram = countPtr + (pass * buckets);
                var shift = low + (pass * digitBits);
                var trivial = false;
                var running = 0;
                for (var b = 0; b < buckets; b++)
                {
                    var c = histogram[b];
                    if (c == n)
                    {
                        trivial = true;
                        break;
                    }

                    offsetPtr[b] = running;
                    running += c;
                }

                if (trivial)
                {
                    continue;
                }

                for (var i = 0; i < n; i++)
                {
                    var k = src[i];
                    dst[offsetPtr[(int)((k >> shift) & mask)]++] = k;
                }

                var swap = src;
                src = dst;
                dst = swap;
            }

            if (src != keyPtr)
            {
                new ReadOnlySpan<ulong>(src, n).CopyTo(keys);
            }
        }
    }
}
