namespace ModelRisk.Monitoring.Models.Plans;

/// <summary>What a watched metric measures; the first five the workers compute, the last two the model's pipeline pushes.</summary>
public enum MetricKind
{
    Performance,
    Drift,
    DataQuality,
    Fairness,
    Operational,
    Custom,
}
