using ModelRisk.Validation.Engine.Statistics;

namespace ModelRisk.Validation.Engine.Drift;

/// <summary>Bin counts of both samples over the reference decile bins, shared by PSI and the JS distance.</summary>
public sealed record DecileHistogram(IReadOnlyList<double> Edges, IReadOnlyList<long> ReferenceCounts, IReadOnlyList<long> CurrentCounts);

/// <summary>
/// Drift of one numeric column. Both samples are sorted once; PSI and JS read bin counts off the sorted
/// arrays by binary search, and KS and Wasserstein come from one merge walk over the two.
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

        var (sortedReference, sortedCurrent) = SortBoth(reference, current);
        return FromSorted(sortedReference, sortedCurrent);
    }

    /// <summary>The decile bins and counts behind PSI and JS, for reports and for merging shard counts.</summary>
    public static DecileHistogram Histogram(ReadOnlySpan<double> reference, ReadOnlySpan<double> current)
    {
        var (sortedReference, sortedCurrent) = SortBoth(reference, current);
        return Histogram(sortedReference, sortedCurrent);
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

    private static unsafe (double[] Reference, double[] Current) SortBoth(ReadOnlySpan<double> reference, ReadOnlySpan<double> current)
    {
        if (reference.Length + current.Length < 1 << 18 || Environment.ProcessorCount < 2)
        {
            return (SortedValues.Sort(reference, nameof(reference)), SortedValues.Sort(current, nameof(current)));
        }

        // Spans cannot be captured by the lambdas; the pinned pointers can, which spares copying both samples.
        double[]? sortedReference = null, sortedCurrent = null;
        int referenceLength = reference.Length, currentLength = current.Length;
        fixed (double* referencePointer = reference)
        fixed (double* currentPointer = current)
        {
            var r = (nint)referencePointer;
            var c = (nint)currentPointer;
            try
            {
                Parallel.Invoke(
                    () => sortedReference = SortedValues.Sort(new ReadOnlySpan<double>((double*)r, referenceLength), nameof(reference)),
                    () => sortedCurrent = SortedValues.Sort(new ReadOnlySpan<double>((double*)c, currentLength), nameof(current)));
            }
            catch (AggregateException e) when (e.InnerExceptions.Count > 0)
            {
                // Callers see the same exception as on the sequential path.
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
            }
        }

        return (sortedReference!, sortedCurrent!);
    }

    private static NumericDriftReport FromSorted(double[] reference, double[] current)
    {
        var histogram = Histogram(reference, current);
        var referenceCounts = histogram.ReferenceCounts.ToArray();
        var currentCounts = histogram.CurrentCounts.ToArray();
        var (psi, js) = FromCounts(referenceCounts, currentCounts);
        var (ks, wasserstein) = KsAndWasserstein(reference, current);
        var p = KsPValue(reference.Length, current.Length, ks);
        return new NumericDriftReport(psi, js, MetricValue.Of(ks), MetricValue.Of(p), MetricValue.Of(wasserstein));
    }

    private static DecileHistogram Histogram(double[] reference, double[] current)
    {
        if (reference.Length == 0)
        {
            throw new ArgumentException("reference sample is empty", nameof(reference));
        }

        var edges = new double[Bins - 1];
        for (var k = 1; k < Bins; k++)
        {
            edges[k - 1] = Percentile.OfSorted(reference, k / (double)Bins);
        }

        var referenceCounts = new long[Bins];
        var currentCounts = new long[Bins];
        int previousReference = 0, previousCurrent = 0;
        for (var b = 0; b < Bins; b++)
        {
            var r = b < Bins - 1 ? SortedValues.CountBelow(reference, edges[b]) : reference.Length;
            var c = b < Bins - 1 ? SortedValues.CountBelow(current, edges[b]) : current.Length;
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
    private static (double Ks, double Wasserstein) KsAndWasserstein(double[] a, double[] b)
    {
        int n = a.Length, m = b.Length;
        double invN = 1.0 / n, invM = 1.0 / m;
        int i = 0, j = 0;
        double ks = 0;
        var area = default(CompensatedSum);
        var x = Math.Min(a[0], b[0]);
        while (i < n || j < m)
        {
            while (i < n && a[i] == x)
            {
                i++;
            }

            while (j < m && b[j] == x)
            {
                j++;
            }

            var gap = Math.Abs((i * invN) - (j * invM));
            ks = Math.Max(ks, gap);
            if (i == n && j == m)
            {
                break;
            }

            var next = i == n ? b[j] : j == m ? a[i] : Math.Min(a[i], b[j]);
            area.Add(gap * (next - x));
            x = next;
        }

        return (ks, area.Value);
    }
}
