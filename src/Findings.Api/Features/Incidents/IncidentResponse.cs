using ModelRisk.Findings.Models.Findings;
using ModelRisk.Findings.Models.Incidents;

namespace ModelRisk.Findings.Features.Incidents;

/// <summary>An incident as the API shows it; <see cref="Revision"/> is its ETag. <see cref="MinutesToMitigate"/> is its MTTR sample.</summary>
public sealed record IncidentResponse(
    string Id,
    string Org,
    string ModelId,
    string Title,
    string Description,
    FindingSeverity Severity,
    DateTimeOffset DetectedAt,
    DateTimeOffset AwareAt,
    BlastRadius BlastRadius,
    IReadOnlyList<TimelineEntry> Timeline,
    Mitigation? Mitigation,
    double? MinutesToMitigate,
    Postmortem? Postmortem,
    IReadOnlyList<string> CorrectiveActionFindingIds,
    RegulatoryReport RegulatoryReport,
    string ReportedBy,
    DateTimeOffset CreatedAt,
    long Revision)
{
    public static IncidentResponse From(Incident i, DateTimeOffset now)
    {
        var clock = RegulatoryClock.Deadline(i.AwareAt, i.RegulatoryScope);
        var report = new RegulatoryReport(clock is not null,
            i.RegulatoryScope is null
                ? "Not assessed yet: a risk analyst decides whether the EU AI Act's serious-incident reporting applies."
                : clock is null ? $"Out of scope: {i.RegulatoryScope.Rationale}" : $"{clock.Value.Basis}: {clock.Value.Days} days from awareness",
            clock?.Days, clock?.Deadline, i.ReportedAt, i.ReportReference, clock is not null && i.ReportedAt is null && now > clock.Value.Deadline,
            i.ReminderSentAt, i.RegulatoryScope?.SetBy);
        return new IncidentResponse(i.Id, i.Org, i.ModelId, i.Title, i.Description, i.Severity, i.DetectedAt, i.AwareAt, i.BlastRadius, i.Timeline,
            i.Mitigation, i.TimeToMitigate is { } ttm ? Math.Round(ttm.TotalMinutes, 1) : null, i.Postmortem, i.CorrectiveActionFindingIds, report,
            i.ReportedBy, i.CreatedAt, i.Revision);
    }
}
