using ModelRisk.Inventory.Models;

namespace ModelRisk.Inventory.Features.Import;

public sealed record ExportQuery(string? Org, RiskTier? Tier, LifecycleStatus? Status, string? Owner, string? Tag, string? Q, string? Format);
