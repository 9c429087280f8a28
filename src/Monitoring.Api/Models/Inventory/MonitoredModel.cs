namespace ModelRisk.Monitoring.Models.Inventory;

/// <summary>
/// What Monitoring knows of a model from Inventory's events: its org (every plan and point of the model lives
/// there), its owner (who an alert's finding goes to), its lifecycle and risk tier (coverage).
/// </summary>
public sealed class MonitoredModel
{
    public string ModelId { get; set; } = "";
    public string Org { get; set; } = "";
    public string Key { get; set; } = "";
    public string Name { get; set; } = "";
    public string Owner { get; set; } = "";
    public string RiskTier { get; set; } = "";
    public string Lifecycle { get; set; } = "";
    /// <summary>When the registration's fields (key, name, owner) were last set.</summary>
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The instant of the event that set <see cref="RiskTier"/>: an older tier change arriving late is ignored.</summary>
    public DateTimeOffset TierAt { get; set; }

    /// <summary>The instant of the event that set <see cref="Lifecycle"/>.</summary>
    public DateTimeOffset LifecycleAt { get; set; }
}
