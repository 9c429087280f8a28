namespace ModelRisk.Validation.Engine.Statistics;

/// <summary>
/// Seeded Poisson draws for the Poisson bootstrap: a row's resampled multiplicity is Poisson(1), so a cell
/// holding c identical rows gets Poisson(c). SplitMix64 drives it: cheap, and each resample gets its own
/// stream from (seed, resample) so results do not depend on how resamples are spread over threads.
/// </summary>
internal struct PoissonSampler
{
    private const int IndexBits = 12;
    private static readonly ulong[] UnitCdf = BuildUnitCdf();
    private static readonly sbyte[] UnitLookup = BuildUnitLookup();

    private ulong state;

    public PoissonSampler(int seed, int stream)
    {
        state = ((ulong)(uint)seed * 0x9E3779B97F4A7C15UL) ^ ((ulong)(uint)stream * 0xD1B54A32D192ED03UL) ^ 0x2545F4914F6CDD1DUL;
        NextUInt64();
    }

    public ulong NextUInt64()
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform on [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Poisson(1) by inversion: the top 12 bits settle it through a table except near a CDF step.</summary>
    public int NextUnit()
    {
        var u = NextUInt64();
        int k = UnitLookup[(int)(u >> (64 - IndexBits))];
        if (k >= 0)
        {
            return k;
        }

        k = 0;
        while (k < UnitCdf.Length && u >= UnitCdf[k])
        {
            k++;
        }

        return k;
    }

    public int Next(int mean) => mean switch
    {
        0 => 0,
        1 => NextUnit(),
        _ => (int)Math.Min(Next((double)mean), int.MaxValue),
    };

    public long Next(double mean)
    {
        if (mean <= 0)
        {
            return 0;
        }

        return mean < 30 ? NextByMultiplication(mean) : NextPtrs(mean);
    }

    private long NextByMultiplication(double mean)
    {
        var limit = Math.Exp(-mean);
        long k = 0;
        var product = NextDouble();
        while (product > limit)
        {
            k++;
            product *= NextDouble();
        }

        return k;
    }

    // Hörmann's transformed rejection with squeeze (PTRS), valid for mean ≥ 10.
    private long NextPtrs(double mean)
    {
        var sqrtMean = Math.Sqrt(mean);
        var logMean = Math.Log(mean);
        var b = 0.931 + (2.53 * sqrtMean);
        var a = -0.059 + (0.02483 * b);
        var invAlpha = 1.1239 + (1.1328 / (b - 3.4));
        var vr = 0.9277 - (3.6224 / (b - 2));
        while (true)
        {
            var u = NextDouble() - 0.5;
            var v = NextDouble();
            var us = 0.5 - Math.Abs(u);
            var k = Math.Floor((((2 * a / us) + b) * u) + mean + 0.43);
            if (us >= 0.07 && v <= vr)
            {
                return (long)k;
            }

            if (k < 0 || (us < 0.013 && v > us))
            {
                continue;
            }

            if (Math.Log(v) + Math.Log(invAlpha) - Math.Log((a / (us * us)) + b) <= -mean + (k * logMean) - SpecialFunctions.LogGamma(k + 1))
            {
                return (long)k;
            }
        }
    }

    // CDF of Poisson(1) scaled to 2^64; beyond k = 18 the tail is below 2^-64.
    private static ulong[] BuildUnitCdf()
    {
        var cdf = new ulong[19];
        var term = Math.Exp(-1);
        var total = 0.0;
        for (var k = 0; k < cdf.Length; k++)
        {
            total += term;
            term /= k + 1;
            cdf[k] = total >= 1 ? ulong.MaxValue : (ulong)(total * 18446744073709551616.0);
        }

        return cdf;
    }

    private static sbyte[] BuildUnitLookup()
    {
        var cdf = BuildUnitCdf();
        var lookup = new sbyte[1 << IndexBits];
        for (var i = 0; i < lookup.Length; i++)
        {
            var low = (ulong)i << (64 - IndexBits);
            var high = low | (ulong.MaxValue >> IndexBits);
            lookup[i] = (sbyte)(Inverse(cdf, low) == Inverse(cdf, high) ? Inverse(cdf, low) : -1);
        }

        return lookup;
    }

    private static int Inverse(ulong[] cdf, ulong u)
    {
        var k = 0;
        while (k < cdf.Length && u >= cdf[k])
        {
            k++;
        }

        return k;
    }
}
