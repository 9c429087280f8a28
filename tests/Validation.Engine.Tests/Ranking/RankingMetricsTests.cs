using ModelRisk.Validation.Engine.Ranking;
using ModelRisk.Validation.Engine.Tests.Reference;

namespace ModelRisk.Validation.Engine.Tests.Ranking;

public class RankingMetricsTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(12)]
    [InlineData(50)]
    public void Matches_scikit_learn_ndcg_score_with_ties_and_shuffled_queries(int k)
    {
        var data = ReferenceData.Csv("ranking.csv");
        var expected = ReferenceData.Expected.GetProperty("ranking").Number($"ndcgAt{k}");

        var ndcg = RankingMetrics.NdcgAtK(data["score"], data["relevance"], ReferenceData.Codes(data["query"]), k);

        Approx.Equal(expected, ndcg, what: $"ndcg@{k}");
    }

    [Fact]
    public void Perfect_ordering_scores_one_and_reversed_less()
    {
        double[] relevance = [3, 2, 1, 0];
        int[] query = [1, 1, 1, 1];

        Assert.Equal(1.0, RankingMetrics.NdcgAtK([4, 3, 2, 1], relevance, query, 3).Value!.Value, 15);
        Assert.True(RankingMetrics.NdcgAtK([1, 2, 3, 4], relevance, query, 3).Value < 0.6);
    }

    [Fact]
    public void A_query_with_no_relevant_document_counts_as_zero()
    {
        var ndcg = RankingMetrics.NdcgAtK([1, 2, 1, 2], [0, 0, 1, 0], [7, 7, 8, 8], 2);

        Assert.Equal((0 + (1 / Math.Log2(3))) / 2, ndcg.Value!.Value, 15);
    }

    [Fact]
    public void Empty_input_is_undefined_and_bad_relevance_rejected()
    {
        Assert.False(RankingMetrics.NdcgAtK([], [], [], 3).IsDefined);
        Assert.Throws<ArgumentOutOfRangeException>(() => RankingMetrics.NdcgAtK([1.0], [-1.0], [0], 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => RankingMetrics.NdcgAtK([1.0], [1.0], [0], 0));
    }
}
