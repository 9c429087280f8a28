using ModelRisk.Inventory.Models;

namespace ModelRisk.Inventory.Features.Models;

public sealed record LifecycleTransitionRequest(LifecycleStatus? To, string? Reason);
