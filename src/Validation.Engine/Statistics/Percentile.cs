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

        var t = h - lo;
        double a = sorted[lo], b = sorted[lo + 1];

        // numpy interpolates from the nearer end so the result is exact at t = 1 and monotone in t.
        return t >= 0.5 ? b - ((b - a) * (1 - t)) : a + ((b - a) * t);
    }

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
}
