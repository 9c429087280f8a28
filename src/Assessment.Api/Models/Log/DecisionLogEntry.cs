namespace ModelRisk.Assessment.Models.Log;

/// <summary>
/// A stored decision-log entry (see <see cref="DecisionLog.LogEntry"/> for the hashed form). Rows are only ever
/// inserted: nothing in the service updates or deletes one.
/// </summary>
public sealed class DecisionLogEntry
{
    public required string Org { get; init; }
    public required long Sequence { get; init; }
    public required string Kind { get; init; }
    public required string Subject { get; init; }
    public required string Actor { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
    public required string Payload { get; init; }
    public required string PreviousHash { get; init; }
    public required string Hash { get; init; }

    public DecisionLog.LogEntry ToLogEntry() => new(Org, Sequence, Kind, Subject, Actor, OccurredAt, Payload, PreviousHash, Hash);

    public static DecisionLogEntry From(DecisionLog.LogEntry e) => new()
    {
        Org = e.Org, Sequence = e.Sequence, Kind = e.Kind, Subject = e.Subject, Actor = e.Actor,
        OccurredAt = e.OccurredAt, Payload = e.Payload, PreviousHash = e.PreviousHash, Hash = e.Hash,
    };
}
