namespace ModelRisk.Contracts.Monitoring.V1;

// Jobs between Monitoring (which owns plans, the catalogue of prediction-log objects and the schedule) and the
// validation workers (which compute). A job names every object it reads, so a worker needs no database and no call
// back to Monitoring, and a redelivered job computes the same values from the same objects.

/// <summary>
/// Evaluate one window of a monitoring plan: the prediction rows whose timestamps fall in
/// [<see cref="WindowStart"/>, <see cref="WindowEnd"/>) read from <see cref="PredictionKeys"/>, joined by prediction id
/// with the labels in <see cref="LabelKeys"/> (labels arrive late and in any order; the last label written for an id
/// wins), compared with the reference dataset for drift.
/// </summary>
/// <param name="EvaluationId">Deterministic: <c>{planId}.{windowStart:yyyyMMddTHHmmssZ}</c>, so a window is evaluated once whatever the redeliveries.</param>
/// <param name="PredictionKeys">Prediction-log objects (<c>PredictionLogFormat</c>) that may hold rows of the window.</param>
/// <param name="LabelKeys">Label objects that may hold labels for those rows.</param>
/// <param name="ReferenceKey">The plan's reference dataset in the store; null when the plan watches no drift.</param>
/// <param name="ReferenceFormat">Csv or Parquet, as sniffed at upload.</param>
/// <param name="GroupColumn">The feature that names a row's group for fairness metrics, or null.</param>
public sealed record EvaluateMonitoringWindow(
    string EvaluationId,
    string PlanId,
    string Org,
    string ModelId,
    string? ModelVersionId,
    DateTimeOffset WindowStart,
    DateTimeOffset WindowEnd,
    IReadOnlyList<string> PredictionKeys,
    IReadOnlyList<string> LabelKeys,
    string? ReferenceKey,
    string? ReferenceFormat,
    string? GroupColumn,
    IReadOnlyList<MonitoredMetric> Metrics,
    DateTimeOffset QueuedAt);

/// <summary>
/// One metric a window computes. <see cref="Metric"/> is one of the catalogue in <see cref="MonitoringMetrics"/>;
/// <see cref="Column"/> names the feature for drift and data-quality metrics; <see cref="Min"/> and
/// <see cref="Max"/> bound the valid range for <c>out_of_range_rate</c>.
/// </summary>
public sealed record MonitoredMetric(string Metric, string? Column, double? Min, double? Max);

/// <summary>The window's values are computed. Monitoring turns each into a metric point stamped at the window's end.</summary>
/// <param name="Rows">Prediction rows in the window.</param>
/// <param name="LabelledRows">Rows of the window with a label; performance and fairness metrics use only these.</param>
/// <param name="FirstPredictionAt">Earliest prediction timestamp in the window (null when the window is empty): where a breach's lead time starts.</param>
public sealed record MonitoringWindowEvaluated(
    string EvaluationId,
    string PlanId,
    string Org,
    string ModelId,
    DateTimeOffset WindowStart,
    DateTimeOffset WindowEnd,
    long Rows,
    long LabelledRows,
    DateTimeOffset? FirstPredictionAt,
    DateTimeOffset? LastPredictionAt,
    IReadOnlyList<WindowMetricValue> Values,
    string Worker,
    DateTimeOffset OccurredAt);

/// <summary>A computed value, or null with the reason it is undefined (no labelled rows, a single class, an empty window).</summary>
public sealed record WindowMetricValue(string Metric, string? Column, double? Value, string? Reason);

/// <summary>The metric names a monitoring window computes on the workers. Anything else is pushed by the model's pipeline.</summary>
public static class MonitoringMetrics
{
    // Performance, on the labelled rows of the window.
    public const string RocAuc = "roc_auc";
    public const string Accuracy = "accuracy";
    public const string Brier = "brier";
    public const string Ece = "ece";

    // Drift of one feature (or "score") against the reference.
    public const string Psi = "psi";
    public const string JensenShannon = "js_distance";
    public const string Ks = "ks_statistic";

    // Data quality of one feature.
    public const string MissingRate = "missing_rate";
    public const string OutOfRangeRate = "out_of_range_rate";

    // Fairness across the plan's group column, on labelled rows.
    public const string DemographicParityDifference = "demographic_parity_difference";
    public const string EqualizedOddsDifference = "equalized_odds_difference";

    // Operational, from the log itself.
    public const string Volume = "volume";

    public static readonly IReadOnlySet<string> Computed = new HashSet<string>(StringComparer.Ordinal)
    {
        RocAuc, Accuracy, Brier, Ece, Psi, JensenShannon, Ks, MissingRate, OutOfRangeRate,
        DemographicParityDifference, EqualizedOddsDifference, Volume,
    };

    /// <summary>Metrics that compare a feature with the reference, so they need a column and a reference dataset.</summary>
    public static readonly IReadOnlySet<string> Drift = new HashSet<string>(StringComparer.Ordinal) { Psi, JensenShannon, Ks };

    /// <summary>Metrics about one feature (drift and data quality), so they need a column.</summary>
    public static readonly IReadOnlySet<string> PerColumn = new HashSet<string>(StringComparer.Ordinal) { Psi, JensenShannon, Ks, MissingRate, OutOfRangeRate };
}
