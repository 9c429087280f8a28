using ModelRisk.Assessment.Models.Runs;

namespace ModelRisk.Assessment.Features.Runs;

public sealed record ListRunsQuery(string? ReviewId, string? ModelId, ValidationRunState? State, int? Limit, string? Cursor);
