namespace ModelRisk.Assessment.Models.Log;

/// <summary>A stored signed checkpoint of an org's log (see <see cref="DecisionLog.Checkpoint"/>).</summary>
public sealed class DecisionLogCheckpoint
{
    public required string Org { get; init; }
    public required long Sequence { get; init; }
    public required string HeadHash { get; init; }
    public required DateTimeOffset SignedAt { get; init; }
    public required string KeyId { get; init; }
    public required string Signature { get; init; }

    public DecisionLog.Checkpoint ToCheckpoint() => new(Org, Sequence, HeadHash, SignedAt, KeyId, Signature);
}
