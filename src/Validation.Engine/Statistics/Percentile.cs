using ModelRisk.Validation.Engine.Drift;

namespace ModelRisk.Validation.Engine.Statistics;

internal static class Percentile
{
    /// <summary>Quantile of ascending values by linear interpolation between order statistics (numpy's default).</summary>
    public static double OfSorted(ReadOnlySpan<double> sorted, double q)
    {
        var h = (sorted.Length - 1) * q;
        var lo = (int)Math.Floor(h);
        if (lo >= sorted.Length - 1)
        {
            return sorted[^1];
        }

        return Interpolate(sorted[lo], sorted[lo + 1], h - lo);
    }

    /// <summary>The same quantile of a sample held as distinct values with counts.</summary>
    public static double OfCounts(ValueCounts counts, double q)
    {
        var n = counts.Total;
        var h = (n - 1) * q;
        var lo = (long)Math.Floor(h);
        if (lo >= n - 1)
        {
            return counts.Values[counts.Count - 1];
        }

        return Interpolate(counts.ValueAtRank(lo), counts.ValueAtRank(lo + 1), h - lo);
    }

    // numpy interpolates from the nearer end so the result is exact at t = 1 and monotone in t.
    private static double Interpolate(double a, double b, double t) =>
        t >= 0.5 ? b - ((b - a) * (1 - t)) : a + ((b - a) * t);

    /// <summary>Equal-tailed percentile interval of the valid (finite) values; null when fewer than two.</summary>
    public static Interval? EqualTailed(Span<double> values, double level)
    {
        var valid = 0;
        for (var i = 0; i < values.Length; i++)
        {
            if (double.IsFinite(values[i]))
            {
                values[valid++] = values[i];
            }
        }

        if (valid < 2 || !(level > 0 && level < 1))
        {
            return null;
        }

        var kept = values[..valid];
        kept.Sort();
        var alpha = (1 - level) / 2;
        return new Interval(OfSorted(kept, alpha), OfSorted(kept, 1 - alpha));
    }

    /// <summary>
    /// The bias-corrected and accelerated (BCa) interval of Efron (1987), as scipy.stats.bootstrap's
    /// <c>method="BCa"</c>: the bias correction z0 = Φ⁻¹(share of valid resamples below the estimate, ties
    /// counting half), the acceleration a from the jackknife's skewness, and the ends at the resample quantiles
    /// Φ(z0 + (z0 + z)/(1 − a(z0 + z))) for z = Φ⁻¹(α/2) and Φ⁻¹(1 − α/2). Null when fewer than two resamples
    /// are valid or the estimate is undefined.
    /// </summary>
    /// <param name="jackknife">Leave-one-out values with how many rows give each (rows sharing a cell share it).</param>
    public static Interval? BiasCorrected(Span<double> values, double estimate, ReadOnlySpan<(double Value, double Weight)> jackknife, double level)
    {
        var valid = 0;
        for (var i = 0; i < values.Length; i++)
        {
            if (double.IsFinite(values[i]))
            {
                values[valid++] = values[i];
            }
        }

        if (valid < 2 || !(level > 0 && level < 1) || !double.IsFinite(estimate))
        {
            return null;
        }

        var kept = values[..valid];
        kept.Sort();
        int below = 0, atOrBelow = 0;
        foreach (var v in kept)
        {
            below += v < estimate ? 1 : 0;
            atOrBelow += v <= estimate ? 1 : 0;
        }

        // All resamples on one side would make z0 infinite; the share is kept half a resample inside (0, 1).
        var share = Math.Clamp((below + atOrBelow) / (2.0 * valid), 0.5 / valid, 1 - (0.5 / valid));
        var z0 = SpecialFunctions.NormalQuantile(share);
        var a = Acceleration(jackknife);
        var alpha = (1 - level) / 2;
        return new Interval(OfSorted(kept, AdjustedLevel(z0, a, SpecialFunctions.NormalQuantile(alpha))), OfSorted(kept, AdjustedLevel(z0, a, SpecialFunctions.NormalQuantile(1 - alpha))));
    }

    private static double AdjustedLevel(double z0, double a, double z)
    {
        var shifted = z0 + z;
        return Math.Clamp(SpecialFunctions.NormalCdf(z0 + (shifted / (1 - (a * shifted)))), 0, 1);
    }

    /// <summary>a = Σ w(θ̄ − θᵢ)³ / (6·(Σ w(θ̄ − θᵢ)²)^1.5); 0 when the jackknife values are all equal or any is undefined.</summary>
    private static double Acceleration(ReadOnlySpan<(double Value, double Weight)> jackknife)
    {
        double weight = 0, total = 0;
        foreach (var (value, w) in jackknife)
        {
            if (!double.IsFinite(value))
            {
                return 0;
            }

            weight += w;
            total += w * value;
        }

        if (weight == 0)
        {
            return 0;
        }

        var mean = total / weight;
        double cubes = 0, squares = 0;
        foreach (var (value, w) in jackknife)
        {
            var deviation = mean - value;
            squares += w * deviation * deviation;
            cubes += w * deviation * deviation * deviation;
        }

        return squares == 0 ? 0 : cubes / (6 * Math.Pow(squares, 1.5));
    }
}
