namespace ModelRisk.Monitoring.Models.Plans;

public enum PlanStatus
{
    Active,
    Retired,
}
