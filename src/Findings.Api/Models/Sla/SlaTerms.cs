using ModelRisk.Findings.Models.Findings;

namespace ModelRisk.Findings.Models.Sla;

/// <summary>The settings of an org's SLA policy, as a value: what a policy is created or replaced with.</summary>
public sealed record SlaTerms(
    string TimeZone,
    SlaCalendarKind Calendar,
    int CriticalDays,
    int HighDays,
    int MediumDays,
    int LowDays,
    IReadOnlyList<DateOnly> Holidays,
    IReadOnlyList<OwnerLead> Leads,
    string? DefaultLead,
    IReadOnlyList<string> RiskFunction,
    int RiskFunctionAfterDays,
    string? WebhookUrl,
    int RegulatoryReminderHours)
{
    /// <summary>What an org without a policy of its own gets: calendar days in UTC, no webhook.</summary>
    public static SlaTerms Default { get; } = new("Etc/UTC", SlaCalendarKind.Calendar, 7, 30, 90, 180, [], [], null, [], 7, null, 48);

    public int DaysFor(FindingSeverity severity) => severity switch
    {
        FindingSeverity.Critical => CriticalDays,
        FindingSeverity.High => HighDays,
        FindingSeverity.Medium => MediumDays,
        FindingSeverity.Low => LowDays,
        _ => throw new ArgumentOutOfRangeException(nameof(severity), severity, "Unknown severity."),
    };

    /// <summary>The owner's lead, or the org's default lead.</summary>
    public string? LeadOf(string owner) =>
        Leads.FirstOrDefault(l => string.Equals(l.Owner, owner, StringComparison.OrdinalIgnoreCase))?.Lead ?? DefaultLead;

    public TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
}
