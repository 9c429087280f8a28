using ModelRisk.Assessment.Models.Tiering;

namespace ModelRisk.Assessment.Features.Tiering;

public sealed record ListTieringsQuery(string? Org, string? ModelId, int? Limit, string? Cursor);
