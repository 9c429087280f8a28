using ModelRisk.Assessment.Models.Tiering;

namespace ModelRisk.Assessment.Features.Tiering;

public sealed record TieringResponse(
    string Id,
    string Org,
    string ModelId,
    string PolicyVersion,
    RiskTier Tier,
    RiskTier PolicyTier,
    RiskTier ScoredTier,
    int Score,
    string Rationale,
    IReadOnlyList<string> Drivers,
    bool HasGenAiExposure,
    bool EuHighRiskUse,
    IReadOnlyDictionary<string, List<string>> Answers,
    TierOverrideResponse? Override,
    TierRequirements Requirements,
    IReadOnlyList<string> RequiredEvidence,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    long Revision)
{
    public static TieringResponse From(ModelTiering t, TieringPolicy policy) => new(
        t.Id, t.Org, t.ModelId, t.PolicyVersion, t.Tier, t.PolicyTier, t.ScoredTier, t.Score, t.Rationale, t.Drivers, t.HasGenAiExposure,
        t.EuHighRiskUse, System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, List<string>>>(t.Answers) ?? [],
        t.OverrideTier is { } tier ? new TierOverrideResponse(tier, t.OverrideJustification!, t.OverriddenBy!, t.OverriddenAt!.Value) : null,
        policy.Requirements[t.Tier], TieringScorer.RequiredEvidence(policy, t.Tier, t.HasGenAiExposure), t.CreatedBy, t.CreatedAt, t.Revision);
}
