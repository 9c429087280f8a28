namespace ModelRisk.Assessment.Features.Datasets;

public sealed record ListDatasetsQuery(string? Org, int? Limit, string? Cursor);
