using ModelRisk.Inventory.Models;

namespace ModelRisk.Inventory.Features.Models;

/// <summary>Filters for listing and exporting models; every field optional.</summary>
public sealed record ModelFilter(string? Org, RiskTier? Tier, LifecycleStatus? Status, string? Owner, string? Tag, string? Q);
