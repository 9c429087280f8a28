namespace ModelRisk.Inventory.Features.Models;

public sealed record AddVersionRequest(string? Version, string? ArtifactUri, string? TrainingDataReference);
