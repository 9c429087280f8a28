namespace ModelRisk.Assessment.Models.Tiering;

/// <summary>A tiering policy version a platform admin published. The shipped version is in force until one is.</summary>
public sealed class PublishedPolicy
{
    public required string Version { get; init; }
    public required string Json { get; init; }
    public required string PublishedBy { get; init; }
    public required DateTimeOffset PublishedAt { get; init; }
}
