using ModelRisk.Assessment.Models.Tiering;

namespace ModelRisk.Assessment.Models.Reviews;

/// <summary>
/// What a review is opened with, read from the inventory and the tiering when it opens and kept as it was then:
/// the model version under review, who registered the model, authored the version and owned the model, and what
/// the tier requires.
/// </summary>
public sealed record ReviewOpening(
    string Org,
    string ModelId,
    string ModelName,
    string ModelVersionId,
    string ModelVersion,
    ReviewKind Kind,
    string ModelRegistrant,
    IReadOnlyList<string> VersionAuthors,
    string Owner,
    RiskTier Tier,
    string PolicyVersion,
    string? TieringId,
    IReadOnlyList<string> RequiredEvidence,
    TierRequirements Requirements);
