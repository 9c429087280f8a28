namespace ModelRisk.Assessment.Models.Tiering;

/// <summary>A tier applies from <see cref="MinScore"/> up to the next band's minimum.</summary>
public sealed record TierBand(RiskTier Tier, int MinScore);
