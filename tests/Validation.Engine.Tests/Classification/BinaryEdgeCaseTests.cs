using ModelRisk.Validation.Engine.Classification;

namespace ModelRisk.Validation.Engine.Tests.Classification;

public class BinaryEdgeCaseTests
{
    private static readonly BinaryOptions Options = new();

    [Fact]
    public void One_class_only_leaves_ranking_metrics_undefined_with_a_reason()
    {
        var report = BinaryMetrics.Compute([0.1, 0.7, 0.4], [1, 1, 1], Options);

        Assert.False(report.RocAuc.IsDefined);
        Assert.Contains("one class", report.RocAuc.UndefinedReason);
        Assert.False(report.AveragePrecision.IsDefined);
        Assert.False(report.Ks.IsDefined);
        Assert.Null(report.RocAucCi);
        Assert.Contains("one class", report.RocAucCiUndefinedReason);
        Assert.Empty(report.RocCurve);
        Assert.True(report.Brier.IsDefined);
        Assert.Equal(1.0 / 3, report.Accuracy.Value!.Value, 15);
    }

    [Fact]
    public void All_tied_scores_give_an_auc_of_one_half()
    {
        var report = BinaryMetrics.Compute([0.3, 0.3, 0.3, 0.3, 0.3], [1, 0, 0, 1, 0], Options);

        Assert.Equal(0.5, report.RocAuc.Value);
        Assert.Equal(0.4, report.AveragePrecision.Value!.Value, 15);
        Assert.Equal(0.0, report.Ks.Value);
        Assert.Equal(2, report.RocCurve.Count);
        Assert.Equal(new CurvePoint(1, 1, 0.3), report.RocCurve[^1]);
    }

    [Fact]
    public void A_single_row_reports_counts_and_calibration_but_no_ranking()
    {
        var report = BinaryMetrics.Compute([0.8], [1], Options);

        Assert.Equal(1, report.Rows);
        Assert.False(report.RocAuc.IsDefined);
        Assert.Equal(0.04, report.Brier.Value!.Value, 15);
        Assert.Equal(1.0, report.Precision.Value);
        Assert.Single(report.Reliability);
    }

    [Fact]
    public void No_rows_gives_every_metric_undefined_and_no_nan()
    {
        var report = BinaryMetrics.Compute([], [], Options);

        Assert.Equal(0, report.Rows);
        foreach (var metric in new[] { report.RocAuc, report.AveragePrecision, report.Ks, report.Brier, report.LogLoss, report.Ece, report.Accuracy, report.Precision, report.Recall, report.F1 })
        {
            Assert.False(metric.IsDefined);
            Assert.Equal("no rows", metric.UndefinedReason);
        }

        Assert.Null(report.RocAucCi);
        Assert.Empty(report.Reliability);
    }

    [Fact]
    public void Precision_without_predicted_positives_is_undefined_with_a_reason()
    {
        var report = BinaryMetrics.Compute([0.1, 0.2, 0.3], [0, 1, 0], Options);

        Assert.False(report.Precision.IsDefined);
        Assert.Contains("predicted positive", report.Precision.UndefinedReason);
        Assert.Equal(0.0, report.Recall.Value);
        Assert.Equal(0.0, report.F1.Value);
    }

    [Fact]
    public void Threshold_calls_a_score_equal_to_it_positive()
    {
        var report = BinaryMetrics.Compute([0.5, 0.49], [1, 0], new BinaryOptions(Threshold: 0.5));

        Assert.Equal(1.0, report.Accuracy.Value);
        Assert.Equal(1.0, report.Precision.Value);
    }

    [Fact]
    public void Log_loss_clips_certain_wrong_answers_to_a_finite_value()
    {
        var report = BinaryMetrics.Compute([0.0, 1.0], [1, 0], Options);

        // 1 − 1e-15 is not exact in binary, so the clipped upper side is log(1 − fl(1 − 1e-15)), as numpy computes it.
        var expected = (-Math.Log(1e-15) - Math.Log(1 - (1 - 1e-15))) / 2;
        Assert.Equal(expected, report.LogLoss.Value!.Value, 12);
        Assert.Equal(0.0, report.RocAuc.Value);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void Scores_outside_the_unit_interval_are_rejected(double bad)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => BinaryMetrics.Compute([0.2, bad], [0, 1], Options));
    }

    [Fact]
    public void Labels_other_than_zero_or_one_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => BinaryMetrics.Compute([0.2, 0.4], [0, 2], Options));
    }

    [Fact]
    public void Negative_zero_counts_as_zero()
    {
        var report = BinaryMetrics.Compute([-0.0, 0.0, 0.5], [0, 1, 1], Options);

        Assert.Equal(0.75, report.RocAuc.Value);
    }

    [Fact]
    public void Curves_are_thinned_to_the_limit_keeping_both_ends()
    {
        var scores = Enumerable.Range(0, 1000).Select(i => i / 1000.0).ToArray();
        var labels = scores.Select((s, i) => (byte)(i % 3 == 0 ? 1 : 0)).ToArray();

        var report = BinaryMetrics.Compute(scores, labels, new BinaryOptions(MaxCurvePoints: 25));

        Assert.Equal(25, report.RocCurve.Count);
        Assert.Equal(25, report.PrecisionRecallCurve.Count);
        Assert.Equal((0.0, 0.0), (report.RocCurve[0].X, report.RocCurve[0].Y));
        Assert.True(report.RocCurve[0].Threshold > 0.999);
        Assert.Equal(new CurvePoint(1, 1, 0), report.RocCurve[^1]);
        Assert.Equal(1.0, report.PrecisionRecallCurve[^1].X);
        Assert.Equal(334.0 / 1000, report.PrecisionRecallCurve[^1].Y, 15);
        for (var i = 1; i < report.RocCurve.Count; i++)
        {
            Assert.True(report.RocCurve[i].X >= report.RocCurve[i - 1].X);
            Assert.True(report.RocCurve[i].Threshold < report.RocCurve[i - 1].Threshold);
        }
    }

    [Fact]
    public void A_heavy_tie_group_is_one_curve_point_and_points_follow_the_rows()
    {
        // 900 rows tied at 0.2 and 100 distinct higher scores: marks every 100 rows.
        var scores = Enumerable.Repeat(0.2, 900).Concat(Enumerable.Range(1, 100).Select(i => 0.5 + (i / 1000.0))).ToArray();
        var labels = scores.Select((s, i) => (byte)(i % 2)).ToArray();

        var report = BinaryMetrics.Compute(scores, labels, new BinaryOptions(MaxCurvePoints: 11));

        Assert.Equal(3, report.RocCurve.Count);
        Assert.Equal(0.2, report.RocCurve[^1].Threshold);
        Assert.Equal(0.501, report.RocCurve[1].Threshold);
        Assert.Equal(new CurvePoint(0.1, 0.1, 0.501), report.RocCurve[1]);
    }

    [Fact]
    public void Large_inputs_take_the_parallel_radix_path_and_match_a_pairwise_count()
    {
        // 300k rows crosses the parallel split; a naive sort-based count is the independent check.
        var rng = new Random(7);
        var n = 300_000;
        var scores = new double[n];
        var labels = new byte[n];
        for (var i = 0; i < n; i++)
        {
            labels[i] = (byte)(rng.NextDouble() < 0.3 ? 1 : 0);
            var raw = Math.Clamp((rng.NextDouble() * 0.7) + (labels[i] * 0.3), 0, 1);
            scores[i] = i % 5 == 0 ? Math.Round(raw, 2) : raw;
        }

        var expected = NaiveAuc(scores, labels);

        Assert.Equal(expected, BinaryMetrics.RocAuc(scores, labels).Value!.Value, 12);
    }

    [Fact]
    public void A_large_all_tied_input_survives_the_parallel_split()
    {
        var scores = Enumerable.Repeat(0.5, 300_000).ToArray();
        var labels = Enumerable.Range(0, scores.Length).Select(i => (byte)(i % 3 == 0 ? 1 : 0)).ToArray();

        var ranking = BinaryMetrics.ComputeRanking(scores, labels);

        Assert.Equal(0.5, ranking.RocAuc.Value);
        Assert.Equal(100_000, ranking.Positives);
        Assert.Equal(2, ranking.RocCurve.Count);
    }

    [Fact]
    public void The_fused_walk_and_the_table_agree_exactly_at_scale()
    {
        var rng = new Random(17);
        var scores = Enumerable.Range(0, 400_000).Select(i => i % 4 == 0 ? Math.Round(rng.NextDouble(), 3) : rng.NextDouble()).ToArray();
        var labels = scores.Select(s => (byte)(rng.NextDouble() < s ? 1 : 0)).ToArray();

        var full = BinaryMetrics.Compute(scores, labels, new BinaryOptions());
        var ranking = BinaryMetrics.ComputeRanking(scores, labels);

        Assert.Equal(full.RocAuc, ranking.RocAuc);
        Assert.Equal(full.AveragePrecision, ranking.AveragePrecision);
        Assert.Equal(full.Ks, ranking.Ks);
        Assert.Equal(full.RocCurve, ranking.RocCurve);
        Assert.Equal(full.PrecisionRecallCurve, ranking.PrecisionRecallCurve);
        Assert.Equal(200, full.RocCurve.Count);
    }

    private static double NaiveAuc(double[] scores, byte[] labels)
    {
        var order = Enumerable.Range(0, scores.Length).OrderBy(i => scores[i]).ToArray();
        double rankSumPositives = 0;
        long positives = 0;
        var i = 0;
        while (i < order.Length)
        {
            var j = i;
            while (j < order.Length && scores[order[j]] == scores[order[i]])
            {
                j++;
            }

            var midrank = (i + 1 + j) / 2.0;
            for (var t = i; t < j; t++)
            {
                if (labels[order[t]] == 1)
                {
                    rankSumPositives += midrank;
                    positives++;
                }
            }

            i = j;
        }

        var negatives = scores.Length - positives;
        return (rankSumPositives - (positives * (positives + 1) / 2.0)) / positives / negatives;
    }
}
