namespace ModelRisk.Inventory.Models;

public enum Sourcing
{
    InHouse,
    Vendor,
}
