namespace ModelRisk.Monitoring.Models.Plans;

/// <summary>
/// One metric a plan watches, with its thresholds. <see cref="Column"/> names the feature for drift and data-quality
/// metrics (the point's <c>column</c> label); null watches every series of the metric. A value past
/// <see cref="Critical"/> is a critical breach, else past <see cref="Warning"/> a warning; either may be absent.
/// </summary>
public sealed record PlanMetric(
    string Metric,
    string? Column,
    MetricKind Kind,
    ThresholdDirection Direction,
    double? Warning,
    double? Critical,
    double? Min = null,
    double? Max = null)
{
    /// <summary>The breach a value is, if any: critical first, then warning.</summary>
    public AlertLevel Classify(double value) =>
        Crosses(value, Critical) ? AlertLevel.Critical : Crosses(value, Warning) ? AlertLevel.Warning : AlertLevel.None;

    /// <summary>The threshold a breach of <paramref name="level"/> crossed.</summary>
    public double? ThresholdFor(AlertLevel level) => level == AlertLevel.Critical ? Critical : level == AlertLevel.Warning ? Warning : null;

    public bool HasThreshold => Warning is not null || Critical is not null;

    private bool Crosses(double value, double? threshold) =>
        threshold is { } t && (Direction == ThresholdDirection.Above ? value > t : value < t);
}
