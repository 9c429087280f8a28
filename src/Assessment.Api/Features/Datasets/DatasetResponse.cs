using ModelRisk.Assessment.Models.Datasets;
using ModelRisk.Datasets.Storage;

namespace ModelRisk.Assessment.Features.Datasets;

/// <summary>A dataset as callers see it: what was measured when it was stored, never where it is stored.</summary>
public sealed record DatasetResponse(
    string Id,
    string Org,
    string Name,
    DatasetFormat Format,
    long SizeBytes,
    string Sha256,
    IReadOnlyList<string> Columns,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    long Revision)
{
    public static DatasetResponse From(Dataset d) =>
        new(d.Id, d.Org, d.Name, d.Format, d.SizeBytes, d.Sha256, d.Columns, d.CreatedBy, d.CreatedAt, d.Revision);
}
