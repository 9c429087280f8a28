namespace ModelRisk.Findings.Features.Incidents;

/// <summary>
/// The EU AI Act serious-incident report as the incident stands: required or not (and why), the deadline counted from
/// awareness, whether it was reported, and whether the deadline has passed unreported.
/// </summary>
public sealed record RegulatoryReport(bool Required, string Basis, int? DeadlineDays, DateTimeOffset? Deadline, DateTimeOffset? ReportedAt, string? Reference,
    bool Overdue, DateTimeOffset? ReminderSentAt, string? AssessedBy);
