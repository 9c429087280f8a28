namespace ModelRisk.Inventory.Models;

/// <param name="IsApprover">Holds the approver role.</param>
/// <param name="IsWriter">Holds a role that edits the inventory (model owner, risk analyst, platform admin, integration).</param>
public readonly record struct LifecycleActor(bool IsApprover, bool IsWriter);
