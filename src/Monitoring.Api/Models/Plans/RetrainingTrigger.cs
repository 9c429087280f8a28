namespace ModelRisk.Monitoring.Models.Plans;

/// <summary>
/// When an alert of at least <see cref="OnLevel"/> fires on one of <see cref="Metrics"/> (every watched metric when
/// empty), the plan's retraining pipeline is called at <see cref="WebhookUrl"/> with the signed alert.
/// </summary>
public sealed record RetrainingTrigger(AlertLevel OnLevel, IReadOnlyList<string> Metrics, string WebhookUrl)
{
    public bool AppliesTo(string metric, AlertLevel level) => level >= OnLevel && (Metrics.Count == 0 || Metrics.Contains(metric, StringComparer.Ordinal));
}
