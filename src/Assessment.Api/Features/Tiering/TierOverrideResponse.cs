using ModelRisk.Assessment.Models.Tiering;

namespace ModelRisk.Assessment.Features.Tiering;

public sealed record TierOverrideResponse(RiskTier Tier, string Justification, string By, DateTimeOffset At);
