namespace ModelRisk.Assessment.Inventory;

public sealed record InventoryVersion(string Id, string Version, string CreatedBy);
