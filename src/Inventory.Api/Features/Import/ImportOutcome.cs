namespace ModelRisk.Inventory.Features.Import;

public enum ImportOutcome
{
    Created,
    Updated,
    Unchanged,
    Rejected,
}
