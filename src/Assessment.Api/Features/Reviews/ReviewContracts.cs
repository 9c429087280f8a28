using ModelRisk.Assessment.Models.Mra;
using ModelRisk.Assessment.Models.Reviews;
using ModelRisk.Assessment.Models.Tiering;

namespace ModelRisk.Assessment.Features.Reviews;

public sealed record OpenReviewRequest(string? ModelId, string? ModelVersionId, ReviewKind? Kind);

public sealed record AddEvidenceRequest(string? Kind, string? Uri, string? Sha256);

public sealed record ReturnReviewRequest(string? Reason);

public sealed record AssignValidatorRequest(string? Validator);

public sealed record ReopenReviewRequest(string? Reason);

public sealed record ConditionInput(string? Description, string? Owner, DateOnly? DueDate, List<string>? VerificationSteps);

public sealed record RiskAcceptanceInput(string? Description, string? AccountableApprover, List<string>? CompensatingControls, DateOnly? Expires);

public sealed record ProposeDecisionRequest(DecisionOutcome? Outcome, string? Rationale, List<ConditionInput>? Conditions, List<RiskAcceptanceInput>? RiskAcceptances);

public sealed record ListReviewsQuery(string? Org, string? ModelId, ReviewState? State, RiskTier? Tier, string? Validator, bool? Overdue, int? Limit, string? Cursor);

/// <summary>The intake checklist of a review: each item the tier requires and whether it is met.</summary>
public sealed record IntakeCheck(bool Complete, IReadOnlyList<IntakeItem> Items);

public sealed record IntakeItem(string Item, bool Met, string Detail);

public sealed record ReviewResponse(
    string Id,
    string Org,
    string ModelId,
    string ModelName,
    string ModelVersionId,
    string ModelVersion,
    ReviewKind Kind,
    ReviewState State,
    RiskTier Tier,
    string PolicyVersion,
    IReadOnlyList<string> RequiredEvidence,
    IReadOnlyList<string> MissingEvidence,
    int ApprovalsRequired,
    IReadOnlyList<string> ApproverRoles,
    string? Validator,
    IReadOnlyList<string> Submitters,
    bool? IntakeCompleteOnFirstSubmission,
    IReadOnlyList<EvidenceItem> Evidence,
    IReadOnlyList<ReviewTransition> Transitions,
    Decision? Decision,
    IReadOnlyList<Decision> PastDecisions,
    DateOnly? RenewalDue,
    int MraRevisions,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    long Revision)
{
    public static ReviewResponse From(Review r) => new(
        r.Id, r.Org, r.ModelId, r.ModelName, r.ModelVersionId, r.ModelVersion, r.Kind, r.State, r.Tier, r.PolicyVersion, r.RequiredEvidence,
        r.MissingEvidence(), r.QuorumCount, r.QuorumRoles, r.Validator, r.Submitters, r.IntakeCompleteOnFirstSubmission, r.Evidence, r.Transitions,
        r.Decision, r.PastDecisions, r.RenewalDue, r.MraRevisions, r.CreatedBy, r.CreatedAt, r.UpdatedAt, r.Revision);
}

public sealed record MraRevisionResponse(string ReviewId, int Number, MraContent Content, string Author, DateTimeOffset CreatedAt);
