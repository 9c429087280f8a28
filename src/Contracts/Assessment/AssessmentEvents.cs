namespace ModelRisk.Contracts.Assessment.V1;

// Events are immutable facts; a breaking change gets a new namespace (V2), never an edit here.
// Ids are opaque strings, enums travel as their string names, times are UTC.

/// <summary>A model's risk tier was decided from a questionnaire, or overridden by a risk analyst. Inventory applies it.</summary>
public sealed record ModelTiered(
    string TieringId,
    string ModelId,
    string Org,
    string Tier,
    string PolicyVersion,
    bool Overridden,
    string Rationale,
    string Actor,
    DateTimeOffset OccurredAt);

/// <summary>
/// A review's approvers reached the quorum. <see cref="ModelVersionId"/> is the version the decision covers; an
/// Approve or ApproveWithConditions outcome is the only way a model becomes Approved in the inventory.
/// </summary>
public sealed record ReviewDecided(
    string ReviewId,
    string ModelId,
    string ModelVersionId,
    string Org,
    string Outcome,
    string Rationale,
    IReadOnlyList<string> Approvers,
    DateOnly? RenewalDue,
    string Actor,
    DateTimeOffset OccurredAt);

/// <summary>A condition attached to an approval; the findings service tracks it to closure.</summary>
public sealed record ConditionOfApprovalSet(
    string ConditionId,
    string ReviewId,
    string ModelId,
    string Org,
    string Description,
    string Owner,
    DateOnly DueDate,
    IReadOnlyList<string> VerificationSteps,
    DateTimeOffset OccurredAt);

/// <summary>A policy exception accepted with compensating controls until <see cref="Expires"/>.</summary>
public sealed record RiskAccepted(
    string AcceptanceId,
    string ReviewId,
    string ModelId,
    string Org,
    string Description,
    string AccountableApprover,
    IReadOnlyList<string> CompensatingControls,
    DateOnly Expires,
    DateTimeOffset OccurredAt);

/// <summary>An approved model's renewal date is near; a periodic revalidation review was opened in Draft.</summary>
public sealed record RevalidationDue(
    string ModelId,
    string Org,
    string PreviousReviewId,
    string NewReviewId,
    DateOnly RenewalDue,
    DateTimeOffset OccurredAt);

/// <summary>The decision log of an org was signed at <see cref="Sequence"/>; copies of checkpoints make a rewrite evident.</summary>
public sealed record DecisionLogCheckpointSigned(
    string Org,
    long Sequence,
    string HeadHash,
    string KeyId,
    string Signature,
    DateTimeOffset SignedAt);

/// <summary>
/// A tiering policy version was published. It applies to every org from now on; <see cref="MonitoringMandatoryTiers"/>
/// are the tiers whose models must have a complete monitoring plan, which Monitoring's coverage report measures.
/// </summary>
public sealed record TieringPolicyPublished(
    string PolicyVersion,
    IReadOnlyList<string> MonitoringMandatoryTiers,
    string Actor,
    DateTimeOffset OccurredAt);
