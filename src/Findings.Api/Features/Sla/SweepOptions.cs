namespace ModelRisk.Findings.Features.Sla;

public sealed class SweepOptions
{
    public const string SectionName = "SlaSweep";

    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Findings and incidents read per query; a round keeps reading until nothing due is left.</summary>
    public int BatchSize { get; set; } = 200;
}
