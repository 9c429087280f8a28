using ModelRisk.Assessment.Data;
using ModelRisk.Assessment.Features.Policies;
using ModelRisk.Assessment.Inventory;

namespace ModelRisk.Assessment.Features.Reviews;

/// <summary>What the review handlers need besides the request: one bundle instead of a long parameter list.</summary>
public sealed record ReviewServices(AssessmentDbContext Db, TimeProvider Time, TieringPolicies Policies, InventoryReader Inventory);
