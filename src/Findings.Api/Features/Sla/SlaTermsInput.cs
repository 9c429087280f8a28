using ModelRisk.Findings.Models.Sla;

namespace ModelRisk.Findings.Features.Sla;

/// <summary>An org's SLA policy as a client sends it; every field but the days has a default.</summary>
public sealed record SlaTermsInput(
    string? TimeZone,
    SlaCalendarKind? Calendar,
    int? CriticalDays,
    int? HighDays,
    int? MediumDays,
    int? LowDays,
    IReadOnlyList<DateOnly>? Holidays,
    IReadOnlyList<OwnerLead>? Leads,
    string? DefaultLead,
    IReadOnlyList<string>? RiskFunction,
    int? RiskFunctionAfterDays,
    string? WebhookUrl,
    int? RegulatoryReminderHours);
