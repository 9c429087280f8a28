using ModelRisk.Validation.Engine.Statistics;

namespace ModelRisk.Validation.Engine.Drift;

/// <summary>Bin counts of both samples over the reference decile bins, shared by PSI and the JS distance.</summary>
public sealed record DecileHistogram(IReadOnlyList<double> Edges, IReadOnlyList<long> ReferenceCounts, IReadOnlyList<long> CurrentCounts);

/// <summary>
/// Drift of one numeric column. Both samples become tables of distinct values with counts
/// (<see cref="ValueCounts"/>), whether sorted whole or merged from shards; PSI and JS read bin counts off
/// the tables by binary search, and KS and Wasserstein come from one merge walk over the two.
/// </summary>
public static class NumericDrift
{
    public const int Bins = 10;
    public const double EmptyShare = 1e-4;

    public static NumericDriftReport Compute(ReadOnlySpan<double> reference, ReadOnlySpan<double> current)
    {
        if (reference.Length == 0 || current.Length == 0)
        {
            var empty = MetricValue.Undefined(reference.Length == 0 ? "reference sample is empty" : "current sample is empty");
            return new NumericDriftReport(empty, empty, empty, empty, empty);
        }

        var (referenceCounts, currentCounts) = CountBoth(reference, current);
        return FromCounts(referenceCounts, currentCounts);
    }

    /// <summary>The decile bins and counts behind PSI and JS, for reports and for merging shard counts.</summary>
    public static DecileHistogram Histogram(ReadOnlySpan<double> reference, ReadOnlySpan<double> current)
    {
        var (referenceCounts, currentCounts) = CountBoth(reference, current);
        return Histogram(referenceCounts, currentCounts);
    }

    /// <summary>Every figure from the two samples' distinct-value tables: the one computation behind both the
    /// single pass and the merge of shards.</summary>
    internal static NumericDriftReport FromCounts(ValueCounts reference, ValueCounts current)
    {
        if (reference.Total == 0 || current.Total == 0)
        {
            var empty = MetricValue.Undefined(reference.Total == 0 ? "reference sample is empty" : "current sample is empty");
            return new NumericDriftReport(empty, empty, empty, empty, empty);
        }

        var histogram = Histogram(reference, current);
        var referenceCounts = histogram.ReferenceCounts.ToArray();
        var currentCounts = histogram.CurrentCounts.ToArray();
        var (psi, js) = FromCounts(referenceCounts, currentCounts);
        var (ks, wasserstein) = KsAndWasserstein(reference, current);
        var p = KsPValue(reference.Total, current.Total, ks);
        return new NumericDriftReport(psi, js, MetricValue.Of(ks), MetricValue.Of(p), MetricValue.Of(wasserstein));
    }

    /// <summary>PSI and JS distance from bin counts (for example summed over shards).</summary>
    public static (MetricValue Psi, MetricValue JsDistance) FromCounts(ReadOnlySpan<long> referenceCounts, ReadOnlySpan<long> currentCounts)
    {
        if (referenceCounts.Length != currentCounts.Length)
        {
            throw new ArgumentException("both histograms need the same bins", nameof(currentCounts));
        }

        long referenceTotal = 0, currentTotal = 0;
        foreach (var c in referenceCounts)
        {
            referenceTotal += c;
        }

        foreach (var c in currentCounts)
        {
            currentTotal += c;
        }

        if (referenceTotal == 0 || currentTotal == 0)
        {
            var empty = MetricValue.Undefined(referenceTotal == 0 ? "reference sample is empty" : "current sample is empty");
            return (empty, empty);
        }

        double psi = 0, left = 0, right = 0;
        for (var b = 0; b < referenceCounts.Length; b++)
        {
            var p = (double)referenceCounts[b] / referenceTotal;
            var q = (double)currentCounts[b] / currentTotal;
            var ps = p == 0 ? EmptyShare : p;
            var qs = q == 0 ? EmptyShare : q;
            psi += (qs - ps) * Math.Log(qs / ps);
            var m = (p + q) / 2;
            left += p > 0 ? p * Math.Log(p / m) : 0;
            right += q > 0 ? q * Math.Log(q / m) : 0;
        }

        var js = Math.Sqrt(Math.Max(0, (left + right) / Math.Log(2) / 2));
        return (MetricValue.Of(psi), MetricValue.Of(js));
    }

    /// <summary>
    /// The two-sided KS p-value for the statistic <paramref name="ks"/> between samples of the given total
    /// sizes, by scipy's default rule: exact while neither sample exceeds <see cref="TwoSampleKs.ExactMaxSize"/>
    /// rows, asymptotic above. Callers that combine shards must pass the total sizes, not a shard's.
    /// </summary>
    public static double KsPValue(long referenceRows, long currentRows, double ks) =>
        TwoSampleKs.PValue(referenceRows, currentRows, ks);

    /// <summary>Sorts both samples into their tables, on two cores when they are large.</summary>
    private static unsafe (ValueCounts Reference, ValueCounts Current) CountBoth(ReadOnlySpan<double> reference, ReadOnlySpan<double> current)
    {
        if (reference.Length + current.Length < 1 << 18 || Environment.ProcessorCount < 2)
        {
            return (ValueCounts.Of(reference, nameof(reference)), ValueCounts.Of(current, nameof(current)));
        }

        // Spans cannot be captured by the lambdas; the pinned pointers can, which spares copying both samples.
        ValueCounts? referenceCounts = null, currentCounts = null;
        int referenceLength = reference.Length, currentLength = current.Length;
        fixed (double* referencePointer = reference)
        fixed (double* currentPointer = current)
        {
            var r = (nint)referencePointer;
            var c = (nint)currentPointer;
            try
            {
                Parallel.Invoke(
                    () => referenceCounts = ValueCounts.Of(new ReadOnlySpan<double>((double*)r, referenceLength), nameof(reference)),
                    () => currentCounts = ValueCounts.Of(new ReadOnlySpan<double>((double*)c, currentLength), nameof(current)));
            }
            catch (AggregateException e) when (e.InnerExceptions.Count > 0)
            {
                // Callers see the same exception as on the sequential path.
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
            }
        }

        return (referenceCounts!, currentCounts!);
    }

    private static DecileHistogram Histogram(ValueCounts reference, ValueCounts current)
    {
        if (reference.Total == 0)
        {
            throw new ArgumentException("reference sample is empty", nameof(reference));
        }

        var edges = new double[Bins - 1];
        for (var k = 1; k < Bins; k++)
        {
            edges[k - 1] = Percentile.OfCounts(reference, k / (double)Bins);
        }

        var referenceCounts = new long[Bins];
        var currentCounts = new long[Bins];
        long previousReference = 0, previousCurrent = 0;
        for (var b = 0; b < Bins; b++)
        {
            var r = b < Bins - 1 ? reference.CountBelow(edges[b]) : reference.Total;
            var c = b < Bins - 1 ? current.CountBelow(edges[b]) : current.Total;
            referenceCounts[b] = r - previousReference;
            currentCounts[b] = c - previousCurrent;
            previousReference = r;
            previousCurrent = c;
        }

        return new DecileHistogram(edges, referenceCounts, currentCounts);
    }

    /// <summary>
    /// Two-sample KS statistic max |F − G| and W1 = ∫|F − G| dx, both evaluated between consecutive distinct
    /// values of the pooled sample.
    /// </summary>
    private static (double Ks, double Wasserstein) KsAndWasserstein(ValueCounts a, ValueCounts b)
    {
        double invN = 1.0 / a.Total, invM = 1.0 / b.Total;
        int ia = 0, ib = 0;
        long i = 0, j = 0;
        double ks = 0;
        var area = default(CompensatedSum);
        var x = Math.Min(a.Values[0], b.Values[0]);
        while (true)
        {
            if (ia < a.Count && a.Values[ia] == x)
            {
                i = a.Ends[ia++];
            }

            if (ib < b.Count && b.Values[ib] == x)
            {
                j = b.Ends[ib++];
            }

            var gap = Math.Abs((i * invN) - (j * invM));
            ks = Math.Max(ks, gap);
            if (ia == a.Count && ib == b.Count)
            {
                break;
            }

            var next = ia == a.Count ? b.Values[ib] : ib == b.Count ? a.Values[ia] : Math.Min(a.Values[ia], b.Values[ib]);
            area.Add(gap * (next - x));
            x = next;
        }

        return (ks, area.Value);
    }
}
