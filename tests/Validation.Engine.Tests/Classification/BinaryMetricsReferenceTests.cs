using ModelRisk.Validation.Engine.Classification;
using ModelRisk.Validation.Engine.Tests.Reference;

namespace ModelRisk.Validation.Engine.Tests.Classification;

public class BinaryMetricsReferenceTests
{
    [Theory]
    [InlineData("binaryContinuous", "binary_continuous.csv")]
    [InlineData("binaryTied", "binary_tied.csv")]
    public void Matches_scikit_learn_and_an_independent_DeLong(string key, string file)
    {
        var data = ReferenceData.Csv(file);
        var expected = ReferenceData.Expected.GetProperty(key);

        var report = BinaryMetrics.Compute(data["score"], ReferenceData.Labels(data["label"]), new BinaryOptions());

        Assert.Equal(expected.GetProperty("rows").GetInt64(), report.Rows);
        Assert.Equal(expected.GetProperty("positives").GetInt64(), report.Positives);
        Approx.Equal(expected.Number("rocAuc"), report.RocAuc, what: "roc_auc");
        Approx.Equal(expected.Number("averagePrecision"), report.AveragePrecision, what: "average_precision");
        Approx.Equal(expected.Number("ks"), report.Ks, what: "ks");
        Approx.Equal(expected.Number("brier"), report.Brier, what: "brier");
        Approx.Equal(expected.Number("logLoss"), report.LogLoss, what: "log_loss");
        Approx.Equal(expected.Number("ece"), report.Ece, what: "ece");
        Approx.Equal(expected.Number("accuracy"), report.Accuracy, what: "accuracy");
        Approx.Equal(expected.Number("precision"), report.Precision, what: "precision");
        Approx.Equal(expected.Number("recall"), report.Recall, what: "recall");
        Approx.Equal(expected.Number("f1"), report.F1, what: "f1");

        var ci = expected.GetProperty("rocAucCi");
        Assert.NotNull(report.RocAucCi);
        Assert.Null(report.RocAucCiUndefinedReason);
        Approx.Equal(ci[0].GetDouble(), report.RocAucCi.Value.Low, what: "DeLong low");
        Approx.Equal(ci[1].GetDouble(), report.RocAucCi.Value.High, what: "DeLong high");

        var bins = expected.GetProperty("reliability").EnumerateArray().ToArray();
        Assert.Equal(bins.Length, report.Reliability.Count);
        for (var b = 0; b < bins.Length; b++)
        {
            Assert.Equal(bins[b].GetProperty("count").GetInt64(), report.Reliability[b].Count);
            Approx.Equal(bins[b].Number("lower"), report.Reliability[b].Lower, what: "bin lower");
            Approx.Equal(bins[b].Number("meanScore"), report.Reliability[b].MeanScore, what: "bin mean score");
            Approx.Equal(bins[b].Number("meanLabel"), report.Reliability[b].MeanLabel, what: "bin mean label");
        }
    }

    [Fact]
    public void Ranking_only_entry_points_agree_with_the_full_report()
    {
        var data = ReferenceData.Csv("binary_continuous.csv");
        var labels = ReferenceData.Labels(data["label"]);
        var full = BinaryMetrics.Compute(data["score"], labels, new BinaryOptions(MaxCurvePoints: 50));

        var ranking = BinaryMetrics.ComputeRanking(data["score"], labels, 50);
        var (auc, ci, reason) = BinaryMetrics.RocAucWithDeLong(data["score"], labels);

        Assert.Equal(full.RocAuc, BinaryMetrics.RocAuc(data["score"], labels));
        Assert.Equal(full.RocAuc, ranking.RocAuc);
        Assert.Equal(full.AveragePrecision, ranking.AveragePrecision);
        Assert.Equal(full.Ks, ranking.Ks);
        Assert.Equal(full.RocCurve, ranking.RocCurve);
        Assert.Equal(full.PrecisionRecallCurve, ranking.PrecisionRecallCurve);
        Assert.Equal(full.RocAuc, auc);
        Assert.Equal(full.RocAucCi, ci);
        Assert.Null(reason);
    }
}
