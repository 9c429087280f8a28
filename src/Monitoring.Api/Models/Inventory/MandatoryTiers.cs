namespace ModelRisk.Monitoring.Models.Inventory;

/// <summary>
/// The tiers whose models must have a complete monitoring plan, as the latest tiering policy published in Assessment
/// says (one row). Until a policy is published the shipped policy's tiers apply (<see cref="MonitoringOptions.MandatoryTiers"/>).
/// </summary>
public sealed class MandatoryTiers
{
    public const string CurrentId = "current";

    public string Id { get; set; } = CurrentId;
    public string PolicyVersion { get; set; } = "";
    public List<string> Tiers { get; set; } = [];
    public DateTimeOffset PublishedAt { get; set; }
}
