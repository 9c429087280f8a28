using System.ComponentModel.DataAnnotations;

namespace ModelRisk.Monitoring;

/// <summary>The service's settings (section <c>Monitoring</c>).</summary>
public sealed class MonitoringOptions
{
    public const string SectionName = "Monitoring";

    /// <summary>How often the scheduler looks for due windows.</summary>
    public TimeSpan SchedulerInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>At most this many windows of one plan are queued per scheduler pass when catching up after downtime.</summary>
    [Range(1, 10_000)]
    public int MaxCatchUpWindows { get; set; } = 200;

    /// <summary>Breaching points in a row before an alert fires, for plans that set none.</summary>
    [Range(1, 100)]
    public int ConsecutiveBreaches { get; set; } = 1;

    /// <summary>
    /// Risk tiers whose models must have a complete monitoring plan until Assessment publishes a tiering policy: those of
    /// the policy Assessment ships (2026.1). A published policy's own tiers replace them (TieringPolicyPublished).
    /// </summary>
    public List<string> MandatoryTiers { get; set; } = ["Critical", "High", "Medium"];

    /// <summary>The most series the Prometheus gauge exports per process: bounded label cardinality.</summary>
    [Range(1, 100_000)]
    public int MaxExportedSeries { get; set; } = 2000;
}
