namespace ModelRisk.DecisionLog;

/// <summary>
/// One entry of an org's decision log. <see cref="Hash"/> is the SHA-256 of the entry's canonical form, which
/// includes <see cref="PreviousHash"/>, so changing, removing or reordering any entry breaks every link after it.
/// </summary>
/// <param name="Sequence">1 for the org's first entry, then consecutive.</param>
/// <param name="Kind">What was recorded (<see cref="LogEntryKinds"/>).</param>
/// <param name="Subject">The id of what the entry is about (a review, a model).</param>
/// <param name="Payload">The recorded facts as canonical JSON (<see cref="CanonicalJson"/>).</param>
public sealed record LogEntry(
    string Org,
    long Sequence,
    string Kind,
    string Subject,
    string Actor,
    DateTimeOffset OccurredAt,
    string Payload,
    string PreviousHash,
    string Hash);
