using ModelRisk.Inventory.Models;

namespace ModelRisk.Inventory.Features.Models;

public sealed record VersionResponse(string Id, string Version, string ArtifactUri, string? TrainingDataReference, string CreatedBy, DateTimeOffset CreatedAt)
{
    public static VersionResponse From(ModelVersion v) => new(v.Id, v.Version, v.ArtifactUri, v.TrainingDataReference, v.CreatedBy, v.CreatedAt);
}
