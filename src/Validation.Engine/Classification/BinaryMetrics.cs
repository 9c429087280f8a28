using ModelRisk.Validation.Engine.Statistics;

namespace ModelRisk.Validation.Engine.Classification;

/// <summary>The ranking metrics alone, from the same single sort as the full report.</summary>
public sealed record RankingMetricsReport(
    long Positives,
    long Negatives,
    MetricValue RocAuc,
    MetricValue AveragePrecision,
    MetricValue Ks,
    IReadOnlyList<CurvePoint> RocCurve,
    IReadOnlyList<CurvePoint> PrecisionRecallCurve);

public static class BinaryMetrics
{
    public static BinaryReport Compute(ReadOnlySpan<double> scores, ReadOnlySpan<byte> labels, BinaryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return FromTable(ScoreTable.Build(scores, labels), options);
    }

    /// <summary>Exact ROC AUC (Mann–Whitney, ties half) without the other metrics.</summary>
    public static MetricValue RocAuc(ReadOnlySpan<double> scores, ReadOnlySpan<byte> labels)
    {
        var keys = ScoreTable.SortKeys(scores, labels, out var positives);
        return RankingValue(keys.Length == 0 ? double.NaN : SortedKeyWalk.Auc(keys, positives), keys.LongLength, positives);
    }

    /// <summary>ROC AUC, average precision, KS and both curves from one sort and one walk.</summary>
    public static RankingMetricsReport ComputeRanking(ReadOnlySpan<double> scores, ReadOnlySpan<byte> labels, int maxCurvePoints = 200)
    {
        var keys = ScoreTable.SortKeys(scores, labels, out var positives);
        var (figures, roc, pr) = SortedKeyWalk.Ranking(keys, positives, maxCurvePoints);
        var rows = keys.LongLength;
        return new RankingMetricsReport(
            positives,
            rows - positives,
            RankingValue(figures.Auc, rows, positives),
            RankingValue(figures.AveragePrecision, rows, positives),
            RankingValue(figures.Ks, rows, positives),
            roc,
            pr);
    }

    /// <summary>ROC AUC with its DeLong interval at <paramref name="confidenceLevel"/>.</summary>
    public static (MetricValue RocAuc, Interval? Ci, string? CiUndefinedReason) RocAucWithDeLong(
        ReadOnlySpan<double> scores, ReadOnlySpan<byte> labels, double confidenceLevel = 0.95)
    {
        var table = ScoreTable.Build(scores, labels);
        var view = CountsView.Of(table);
        var auc = TableMetrics.Auc(view.PositiveCounts, view.NegativeCounts);
        var (ci, reason) = DeLong(view, auc, table.Positives, table.Negatives, confidenceLevel);
        return (RankingValue(auc, table), ci, reason);
    }

    internal static BinaryReport FromTable(ScoreTable table, BinaryOptions options)
    {
        var view = CountsView.Of(table);
        var rows = table.Rows;
        var figures = TableMetrics.Ranking(view);
        var (ci, ciReason) = DeLong(view, figures.Auc, table.Positives, table.Negatives, options.ConfidenceLevel);
        var (roc, pr) = table.Positives > 0 && table.Negatives > 0
            ? TableMetrics.Curves(view, table.Positives, table.Negatives, options.MaxCurvePoints)
            : ([], []);

        MetricValue brier, logLoss, ece;
        IReadOnlyList<ReliabilityBin> bins;
        if (rows == 0)
        {
            brier = logLoss = ece = MetricValue.Undefined(TableMetrics.EmptyReason);
            bins = [];
        }
        else
        {
            var calibration = TableMetrics.Calibration(view);
            brier = MetricValue.Of(calibration.Brier);
            logLoss = MetricValue.Of(calibration.LogLoss);
            ece = MetricValue.Of(calibration.Ece);
            bins = calibration.Bins;
        }

        var confusion = TableMetrics.Confusion(view, options.Threshold);
        var threshold = ThresholdMetrics.From(confusion);
        return new BinaryReport(
            rows,
            table.Positives,
            table.Negatives,
            RankingValue(figures.Auc, table),
            ci,
            ciReason,
            RankingValue(figures.AveragePrecision, table),
            RankingValue(figures.Ks, table),
            brier,
            logLoss,
            ece,
            threshold.Accuracy,
            threshold.Precision,
            threshold.Recall,
            threshold.F1,
            roc,
            pr,
            bins);
    }

    private static MetricValue RankingValue(double value, ScoreTable table) => RankingValue(value, table.Rows, table.Positives);

    private static MetricValue RankingValue(double value, long rows, long positives) =>
        rows == 0 ? MetricValue.Undefined(TableMetrics.EmptyReason)
        : positives == 0 || positives == rows ? MetricValue.Undefined(TableMetrics.OneClassReason)
        : MetricValue.Of(value);

    private static (Interval? Ci, string? Reason) DeLong(CountsView view, double auc, long p, long n, double level)
    {
        if (p + n == 0)
        {
            return (null, TableMetrics.EmptyReason);
        }

        if (p == 0 || n == 0)
        {
            return (null, TableMetrics.OneClassReason);
        }

        if (p < 2 || n < 2)
        {
            return (null, "DeLong needs at least two rows of each class");
        }

        if (!(level > 0 && level < 1))
        {
            return (null, "confidence level must lie strictly between 0 and 1");
        }

        var variance = TableMetrics.DeLongVariance(view, auc, p, n);
        var z = SpecialFunctions.NormalQuantile(0.5 + (level / 2));
        var half = z * Math.Sqrt(Math.Max(variance, 0));
        return (new Interval(Math.Max(0, auc - half), Math.Min(1, auc + half)), null);
    }
}

internal readonly record struct ThresholdMetrics(MetricValue Accuracy, MetricValue Precision, MetricValue Recall, MetricValue F1)
{
    public static ThresholdMetrics From(ConfusionCounts c)
    {
        var rows = c.TruePositives + c.FalsePositives + c.TrueNegatives + c.FalseNegatives;
        if (rows == 0)
        {
            var empty = MetricValue.Undefined(TableMetrics.EmptyReason);
            return new ThresholdMetrics(empty, empty, empty, empty);
        }

        var accuracy = MetricValue.Of((double)(c.TruePositives + c.TrueNegatives) / rows);
        var predicted = c.TruePositives + c.FalsePositives;
        var actual = c.TruePositives + c.FalseNegatives;
        var precision = predicted == 0
            ? MetricValue.Undefined("no row is predicted positive at the threshold")
            : MetricValue.Of((double)c.TruePositives / predicted);
        var recall = actual == 0
            ? MetricValue.Undefined("no positive rows")
            : MetricValue.Of((double)c.TruePositives / actual);

        // F1 = 2TP / (2TP + FP + FN) is defined whenever some row is positive or predicted positive.
        var denominator = (2 * c.TruePositives) + c.FalsePositives + c.FalseNegatives;
        var f1 = denominator == 0
            ? MetricValue.Undefined("no positive rows and none predicted positive")
            : MetricValue.Of(2.0 * c.TruePositives / denominator);
        return new ThresholdMetrics(accuracy, precision, recall, f1);
    }
}
