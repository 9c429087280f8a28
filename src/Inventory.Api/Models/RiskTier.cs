namespace ModelRisk.Inventory.Models;

public enum RiskTier
{
    Unassigned,
    Low,
    Medium,
    High,
    Critical,
}
