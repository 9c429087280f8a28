namespace ModelRisk.Validation.Engine;

/// <summary>
/// LSD radix sort of 64-bit keys with 11-bit digits. All digit histograms come from one read pass and
/// digits on which every key agrees are skipped, so keys that only use their low bits cost fewer passes.
/// </summary>
internal static class RadixSort
{
    private const int DigitBits = 11;
    private const int Buckets = 1 << DigitBits;
    private const int Passes = (64 + DigitBits - 1) / DigitBits;

    /// <summary>Below this a comparison sort beats six scatter passes.</summary>
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

        var counts = new int[Passes * Buckets];
        fixed (ulong* keyPtr = keys)
        fixed (ulong* scratchPtr = scratch)
        fixed (int* countPtr = counts)
        {
            for (var i = 0; i < n; i++)
            {
                var k = keyPtr[i];
                countPtr[(int)(k & (Buckets - 1))]++;
                countPtr[Buckets + (int)((k >> 11) & (Buckets - 1))]++;
                countPtr[(2 * Buckets) + (int)((k >> 22) & (Buckets - 1))]++;
                countPtr[(3 * Buckets) + (int)((k >> 33) & (Buckets - 1))]++;
                countPtr[(4 * Buckets) + (int)((k >> 44) & (Buckets - 1))]++;
                countPtr[(5 * Buckets) + (int)(k >> 55)]++;
            }

            var src = keyPtr;
            var dst = scratchPtr;
            var offsets = stackalloc int[Buckets];
            for (var pass = 0; pass < Passes; pass++)
            {
                var histogram = countPtr + (pass * Buckets);
                var shift = pass * DigitBits;
                var trivial = false;
                var running = 0;
                for (var b = 0; b < Buckets; b++)
                {
                    var c = histogram[b];
                    if (c == n)
                    {
                        trivial = true;
                        break;
                    }

                    offsets[b] = running;
                    running += c;
                }

                if (trivial)
                {
                    continue;
                }

                for (var i = 0; i < n; i++)
                {
                    var k = src[i];
                    var digit = (int)((k >> shift) & (Buckets - 1));
                    dst[offsets[digit]++] = k;
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
