using ModelRisk.Inventory.Models;

namespace ModelRisk.Inventory.Features.Models;

public sealed record ListModelsQuery(string? Org, RiskTier? Tier, LifecycleStatus? Status, string? Owner, string? Tag, string? Q, int? Limit, string? Cursor)
{
    public ModelFilter ToFilter() => new(Org, Tier, Status, Owner, Tag, Q);
}
