using ModelRisk.Validation.Engine.Statistics;

namespace ModelRisk.Validation.Engine.Drift;

/// <summary>
/// Drift of one categorical column: Pearson's chi-square test of homogeneity on the 2 × k table of reference
/// and current counts (scipy.stats.chi2_contingency with correction=False; categories absent from both
/// samples are dropped), and PSI per category with empty shares replaced by 1e-4.
/// </summary>
public static class CategoricalDrift
{
    public static CategoricalDriftReport Compute(IReadOnlyList<string> categories, ReadOnlySpan<int> referenceCodes, ReadOnlySpan<int> currentCodes)
    {
        ArgumentNullException.ThrowIfNull(categories);
        var k = categories.Count;
        var reference = Count(referenceCodes, k, nameof(referenceCodes));
        var current = Count(currentCodes, k, nameof(currentCodes));
        return FromCounts(categories, reference, current);
    }

    /// <summary>The same figures from per-category counts, e.g. summed over shards.</summary>
    public static CategoricalDriftReport FromCounts(IReadOnlyList<string> categories, ReadOnlySpan<long> reference, ReadOnlySpan<long> current)
    {
        ArgumentNullException.ThrowIfNull(categories);
        if (reference.Length != categories.Count || current.Length != categories.Count)
        {
            throw new ArgumentException("counts must have one entry per category");
        }

        long referenceTotal = 0, currentTotal = 0;
        for (var c = 0; c < reference.Length; c++)
        {
            referenceTotal += reference[c];
            currentTotal += current[c];
        }

        var byCategory = new Dictionary<string, MetricValue>(categories.Count, StringComparer.Ordinal);
        if (referenceTotal == 0 || currentTotal == 0)
        {
            var reason = referenceTotal == 0 ? "reference sample is empty" : "current sample is empty";
            var undefined = MetricValue.Undefined(reason);
            foreach (var name in categories)
            {
                byCategory[name] = undefined;
            }

            return new CategoricalDriftReport(undefined, undefined, 0, undefined, byCategory);
        }

        double psi = 0, chi2 = 0;
        long present = 0;
        double total = referenceTotal + currentTotal;
        for (var c = 0; c < reference.Length; c++)
        {
            var p = (double)reference[c] / referenceTotal;
            var q = (double)current[c] / currentTotal;
            var ps = p == 0 ? NumericDrift.EmptyShare : p;
            var qs = q == 0 ? NumericDrift.EmptyShare : q;
            var term = (qs - ps) * Math.Log(qs / ps);
            if (!byCategory.TryAdd(categories[c], MetricValue.Of(term)))
            {
                throw new ArgumentException($"category '{categories[c]}' appears twice", nameof(categories));
            }

            psi += term;
            var column = reference[c] + current[c];
            if (column == 0)
            {
                continue;
            }

            present++;
            var expectedReference = (double)referenceTotal * column / total;
            var expectedCurrent = (double)currentTotal * column / total;
            chi2 += ((reference[c] - expectedReference) * (reference[c] - expectedReference) / expectedReference)
                + ((current[c] - expectedCurrent) * (current[c] - expectedCurrent) / expectedCurrent);
        }

        var dof = present - 1;
        MetricValue statistic, pValue;
        if (dof < 1)
        {
            statistic = pValue = MetricValue.Undefined("fewer than two categories occur");
        }
        else
        {
            statistic = MetricValue.Of(chi2);
            pValue = MetricValue.Of(SpecialFunctions.ChiSquareSf(chi2, dof));
        }

        return new CategoricalDriftReport(statistic, pValue, Math.Max(dof, 0), MetricValue.Of(psi), byCategory);
    }

    private static long[] Count(ReadOnlySpan<int> codes, int categories, string parameterName)
    {
        var counts = new long[categories];
        foreach (var code in codes)
        {
            if ((uint)code >= (uint)categories)
            {
                throw new ArgumentOutOfRangeException(parameterName, $"category code {code} is outside 0..{categories - 1}");
            }

            counts[code]++;
        }

        return counts;
    }
}
