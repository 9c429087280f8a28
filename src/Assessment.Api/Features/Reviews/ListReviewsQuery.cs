using ModelRisk.Assessment.Models.Mra;
using ModelRisk.Assessment.Models.Reviews;
using ModelRisk.Assessment.Models.Tiering;

namespace ModelRisk.Assessment.Features.Reviews;

public sealed record ListReviewsQuery(string? Org, string? ModelId, ReviewState? State, RiskTier? Tier, string? Validator, bool? Overdue, int? Limit, string? Cursor);
