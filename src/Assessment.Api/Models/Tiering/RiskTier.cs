namespace ModelRisk.Assessment.Models.Tiering;

/// <summary>The tiers a tiering policy assigns, lowest first (the order matters: a floor raises a tier, never lowers it).</summary>
public enum RiskTier
{
    Low,
    Medium,
    High,
    Critical,
}
