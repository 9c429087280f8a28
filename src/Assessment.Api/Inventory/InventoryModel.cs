namespace ModelRisk.Assessment.Inventory;

/// <summary>What Assessment needs of a model from the inventory, read at the moment a review opens or intake runs.</summary>
public sealed record InventoryModel(
    string Id,
    string Org,
    string Name,
    string Owner,
    string RegisteredBy,
    string? IntendedUse,
    int DeploymentEndpoints,
    int MonitoringLinks,
    IReadOnlyList<InventoryVersion> Versions);
