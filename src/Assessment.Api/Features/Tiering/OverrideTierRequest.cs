using ModelRisk.Assessment.Models.Tiering;

namespace ModelRisk.Assessment.Features.Tiering;

public sealed record OverrideTierRequest(RiskTier? Tier, string? Justification);
