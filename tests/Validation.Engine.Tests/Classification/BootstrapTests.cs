using ModelRisk.Validation.Engine.Classification;

namespace ModelRisk.Validation.Engine.Tests.Classification;

public class BootstrapTests
{
    private static (double[] Scores, byte[] Labels) Data(int n, int seed)
    {
        var rng = new Random(seed);
        var scores = new double[n];
        var labels = new byte[n];
        for (var i = 0; i < n; i++)
        {
            labels[i] = (byte)(rng.NextDouble() < 0.4 ? 1 : 0);
            scores[i] = Math.Clamp((rng.NextDouble() * 0.8) + (labels[i] * 0.2), 0, 1);
        }

        return (scores, labels);
    }

    [Fact]
    public void Same_seed_gives_the_same_interval_and_another_seed_a_different_one()
    {
        var (scores, labels) = Data(2000, 1);
        var options = new BinaryOptions(BootstrapResamples: 300);

        var first = Bootstrap.ConfidenceInterval(scores, labels, BootstrapMetric.RocAuc, options);
        var again = Bootstrap.ConfidenceInterval(scores, labels, BootstrapMetric.RocAuc, options);
        var other = Bootstrap.ConfidenceInterval(scores, labels, BootstrapMetric.RocAuc, options with { Seed = 99 });

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void Auc_interval_agrees_with_DeLong_on_a_large_sample()
    {
        var (scores, labels) = Data(20_000, 2);
        var options = new BinaryOptions(BootstrapResamples: 1000);

        var bootstrap = Bootstrap.ConfidenceInterval(scores, labels, BootstrapMetric.RocAuc, options)!.Value;
        var delong = BinaryMetrics.Compute(scores, labels, options).RocAucCi!.Value;

        Assert.Equal(delong.Low, bootstrap.Low, 0.005);
        Assert.Equal(delong.High, bootstrap.High, 0.005);
    }

    [Theory]
    [InlineData(BootstrapMetric.RocAuc)]
    [InlineData(BootstrapMetric.AveragePrecision)]
    [InlineData(BootstrapMetric.Ks)]
    [InlineData(BootstrapMetric.Brier)]
    [InlineData(BootstrapMetric.LogLoss)]
    [InlineData(BootstrapMetric.Accuracy)]
    [InlineData(BootstrapMetric.Precision)]
    [InlineData(BootstrapMetric.Recall)]
    [InlineData(BootstrapMetric.F1)]
    public void Interval_brackets_the_point_estimate(BootstrapMetric metric)
    {
        var (scores, labels) = Data(3000, 3);
        var options = new BinaryOptions(BootstrapResamples: 400);
        var report = BinaryMetrics.Compute(scores, labels, options);
        var point = metric switch
        {
            BootstrapMetric.RocAuc => report.RocAuc,
            BootstrapMetric.AveragePrecision => report.AveragePrecision,
            BootstrapMetric.Ks => report.Ks,
            BootstrapMetric.Brier => report.Brier,
            BootstrapMetric.LogLoss => report.LogLoss,
            BootstrapMetric.Accuracy => report.Accuracy,
            BootstrapMetric.Precision => report.Precision,
            BootstrapMetric.Recall => report.Recall,
            _ => report.F1,
        };

        var ci = Bootstrap.ConfidenceInterval(scores, labels, metric, options)!.Value;

        Assert.InRange(point.Value!.Value, ci.Low, ci.High);
        Assert.True(ci.High - ci.Low < 0.1, $"interval {ci} is implausibly wide");
    }

    [Fact]
    public void Tied_scores_resample_through_the_grouped_path()
    {
        var (scores, labels) = Data(5000, 4);
        var rounded = scores.Select(s => Math.Round(s, 1)).ToArray();
        var options = new BinaryOptions(BootstrapResamples: 500);

        var ci = Bootstrap.ConfidenceInterval(rounded, labels, BootstrapMetric.RocAuc, options)!.Value;
        var delong = BinaryMetrics.Compute(rounded, labels, options).RocAucCi!.Value;

        Assert.Equal(delong.Low, ci.Low, 0.01);
        Assert.Equal(delong.High, ci.High, 0.01);
    }

    [Fact]
    public void One_class_or_no_rows_gives_no_interval()
    {
        var options = new BinaryOptions(BootstrapResamples: 50);

        Assert.Null(Bootstrap.ConfidenceInterval([0.2, 0.3], [1, 1], BootstrapMetric.RocAuc, options));
        Assert.Null(Bootstrap.ConfidenceInterval([], [], BootstrapMetric.Brier, options));
    }
}
