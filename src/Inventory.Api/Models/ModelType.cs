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
