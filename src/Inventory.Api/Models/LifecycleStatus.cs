namespace ModelRisk.Inventory.Models;

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
