namespace ModelRisk.Monitoring.Models.Plans;

/// <summary>How far a value is past a plan metric's thresholds, in increasing order.</summary>
public enum AlertLevel
{
    None,
    Warning,
    Critical,
}
