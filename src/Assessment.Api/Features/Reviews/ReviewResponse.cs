using ModelRisk.Assessment.Models.Mra;
using ModelRisk.Assessment.Models.Reviews;
using ModelRisk.Assessment.Models.Tiering;

namespace ModelRisk.Assessment.Features.Reviews;

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
