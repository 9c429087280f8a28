namespace ModelRisk.Validation.Engine.Ranking;

public static class RankingMetrics
{
    public static MetricValue NdcgAtK(ReadOnlySpan<double> scores, ReadOnlySpan<double> relevance, ReadOnlySpan<int> queryIds, int k) =>
        throw new NotSupportedException("in progress");
}
