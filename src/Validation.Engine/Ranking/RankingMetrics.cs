namespace ModelRisk.Validation.Engine.Ranking;

/// <summary>
/// NDCG@k as scikit-learn's ndcg_score (ignore_ties=False): linear gain rel, discount 1/log2(rank + 1),
/// documents with equal scores share the average gain of their group, a query whose ideal DCG is 0 scores 0,
/// and the result is the unweighted mean over queries.
/// </summary>
public static class RankingMetrics
{
    public static MetricValue NdcgAtK(ReadOnlySpan<double> scores, ReadOnlySpan<double> relevance, ReadOnlySpan<int> queryIds, int k)
    {
        if (scores.Length != relevance.Length || scores.Length != queryIds.Length)
        {
            throw new ArgumentException($"scores, relevance and query ids must have the same length ({scores.Length}, {relevance.Length}, {queryIds.Length})");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        if (scores.Length == 0)
        {
            return MetricValue.Undefined("no rows");
        }

        foreach (var r in relevance)
        {
            if (!(r >= 0) || !double.IsFinite(r))
            {
                throw new ArgumentOutOfRangeException(nameof(relevance), "relevance must be finite and non-negative");
            }
        }

        // Group rows by query; the order within a query does not matter because ties are averaged.
        var order = new int[scores.Length];
        var ids = queryIds.ToArray();
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(ids, order);

        var discounts = new double[Math.Min(k, scores.Length)];
        var discountSums = new double[discounts.Length + 1];
        for (var r = 0; r < discounts.Length; r++)
        {
            discounts[r] = 1 / Math.Log2(r + 2);
            discountSums[r + 1] = discountSums[r] + discounts[r];
        }

        var total = 0.0;
        var queries = 0;
        var start = 0;
        while (start < order.Length)
        {
            var end = start + 1;
            while (end < order.Length && ids[end] == ids[start])
            {
                end++;
            }

            total += QueryNdcg(scores, relevance, order.AsSpan(start, end - start), discounts, discountSums, k);
            queries++;
            start = end;
        }

        return MetricValue.Of(total / queries);
    }

    private static double QueryNdcg(ReadOnlySpan<double> scores, ReadOnlySpan<double> relevance, Span<int> rows, double[] discounts, double[] discountSums, int k)
    {
        var n = rows.Length;
        var byScore = new double[n];
        var gains = new double[n];
        for (var i = 0; i < n; i++)
        {
            byScore[i] = -scores[rows[i]];
            gains[i] = relevance[rows[i]];
        }

        var ideal = (double[])gains.Clone();
        Array.Sort(ideal);
        var idealDcg = 0.0;
        for (var r = 0; r < Math.Min(k, n); r++)
        {
            idealDcg += ideal[n - 1 - r] * discounts[r];
        }

        if (idealDcg == 0)
        {
            return 0;
        }

        Array.Sort(byScore, gains);
        var dcg = 0.0;
        var groupStart = 0;
        while (groupStart < n && groupStart < k)
        {
            var groupEnd = groupStart + 1;
            var gainSum = gains[groupStart];
            while (groupEnd < n && byScore[groupEnd] == byScore[groupStart])
            {
                gainSum += gains[groupEnd];
                groupEnd++;
            }

            // A tied group shares its positions' discounts evenly; positions past k carry none.
            var discount = CumulativeDiscount(discountSums, groupEnd) - CumulativeDiscount(discountSums, groupStart);
            dcg += gainSum / (groupEnd - groupStart) * discount;
            groupStart = groupEnd;
        }

        return dcg / idealDcg;
    }

    private static double CumulativeDiscount(double[] discountSums, int positions) => discountSums[Math.Min(positions, discountSums.Length - 1)];
}
