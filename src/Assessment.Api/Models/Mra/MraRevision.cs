namespace ModelRisk.Assessment.Models.Mra;

/// <summary>One revision of a review's model risk assessment. Revisions are only added: every earlier one stays readable.</summary>
public sealed class MraRevision
{
    public required string ReviewId { get; init; }
    public required int Number { get; init; }
    public required string Org { get; init; }

    /// <summary>The assessment as canonical JSON (<see cref="MraContent"/>).</summary>
    public required string Content { get; init; }
    public required string Author { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
}
