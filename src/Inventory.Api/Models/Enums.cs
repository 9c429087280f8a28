namespace ModelRisk.Inventory.Models;

public enum ModelType
{
    Classification,
    Regression,
    Ranking,
    AnomalyDetection,
    Forecasting,
    LlmGenAi,
    RuleBased,
}

public enum Sourcing
{
    InHouse,
    Vendor,
}

public enum RiskTier
{
    Unassigned,
    Low,
    Medium,
    High,
    Critical,
}

public enum LifecycleStatus
{
    Proposed,
    InDevelopment,
    InValidation,
    Approved,
    InProduction,
    Retired,
    Suspended,
}
