using ModelRisk.Findings.Models.Findings;

namespace ModelRisk.Findings.Features.Findings;

/// <summary>A finding as the API shows it; <see cref="Revision"/> is its ETag.</summary>
public sealed record FindingResponse(
    string Id,
    string Org,
    string ModelId,
    string? ModelVersionId,
    string? ReviewId,
    string? IncidentId,
    FindingSource Source,
    string SourceKey,
    string Title,
    string Description,
    FindingSeverity Severity,
    string SeverityRationale,
    string Owner,
    FindingState State,
    IReadOnlyList<FindingState> NextStates,
    string? RemediationPlan,
    IReadOnlyList<string> VerificationSteps,
    IReadOnlyList<string> Remediators,
    DateOnly DueDate,
    DateTimeOffset DueAt,
    bool Overdue,
    DateTimeOffset? OverdueSince,
    int EscalationLevel,
    RiskAcceptance? RiskAcceptance,
    string? VerifiedBy,
    DateTimeOffset? ClosedAt,
    bool ClosedLate,
    IReadOnlyList<ClosureEvidence> Evidence,
    IReadOnlyList<FindingComment> Comments,
    IReadOnlyList<FindingChange> History,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    long Revision)
{
    public static FindingResponse From(Finding f, DateTimeOffset now) => new(
        f.Id, f.Org, f.ModelId, f.ModelVersionId, f.ReviewId, f.IncidentId, f.Source, f.SourceKey, f.Title, f.Description, f.Severity,
        f.SeverityRationale, f.Owner, f.State, FindingLifecycle.NextStates(f.State), f.RemediationPlan, f.VerificationSteps, f.Remediators,
        f.DueDate, f.DueAt, f.IsOverdue(now), f.OverdueSince, f.EscalationLevel, f.RiskAcceptance, f.VerifiedBy, f.ClosedAt, f.ClosedLate,
        f.Evidence, f.Comments, f.History, f.CreatedBy, f.CreatedAt, f.UpdatedAt, f.Revision);
}
