namespace ModelRisk.Validation.Engine.Classification;

public sealed record BinaryOptions(
    double Threshold = 0.5,
    int BootstrapResamples = 1000,
    int Seed = 12345,
    double ConfidenceLevel = 0.95,
    int MaxCurvePoints = 200);

public sealed record BinaryReport(
    long Rows,
    long Positives,
    long Negatives,
    MetricValue RocAuc,
    Interval? RocAucCi,
    string? RocAucCiUndefinedReason,
    MetricValue AveragePrecision,
    MetricValue Ks,
    MetricValue Brier,
    MetricValue LogLoss,
    MetricValue Ece,
    MetricValue Accuracy,
    MetricValue Precision,
    MetricValue Recall,
    MetricValue F1,
    IReadOnlyList<CurvePoint> RocCurve,
    IReadOnlyList<CurvePoint> PrecisionRecallCurve,
    IReadOnlyList<ReliabilityBin> Reliability);

public enum BootstrapMetric
{
    RocAuc,
    AveragePrecision,
    Ks,
    Brier,
    LogLoss,
    Accuracy,
    Precision,
    Recall,
    F1,
}
