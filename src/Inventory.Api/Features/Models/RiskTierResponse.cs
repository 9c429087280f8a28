using ModelRisk.Inventory.Models;

namespace ModelRisk.Inventory.Features.Models;

public sealed record RiskTierResponse(RiskTier Tier, string? Rationale, string? SetBy, DateTimeOffset? SetAt);
