namespace ModelRisk.Inventory.Models;

/// <summary>One registered version of a model: what a review validates and an approval names.</summary>
public sealed class ModelVersion
{
    public required string Id { get; init; }
    public required string ModelId { get; init; }
    public required string Version { get; init; }
    public required string ArtifactUri { get; init; }
    public string? TrainingDataReference { get; init; }
    public required string CreatedBy { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
}
