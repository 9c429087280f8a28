namespace ModelRisk.Contracts.Findings.V1;

// Events the Findings service publishes through its outbox. Immutable facts; a breaking change gets a new namespace (V2).
// Ids are opaque strings, enums travel as their string names, times are UTC.

/// <summary>A finding was opened (from a source event or by hand), with the due date its org's SLA policy gave it.</summary>
public sealed record FindingOpened(
    string FindingId,
    string SourceKey,
    string Source,
    string Org,
    string ModelId,
    string Severity,
    string Owner,
    DateTimeOffset DueAt,
    string Actor,
    DateTimeOffset OccurredAt);

/// <summary>A finding was closed after someone independent of its owner and remediator verified the fix.</summary>
public sealed record FindingClosed(
    string FindingId,
    string SourceKey,
    string Org,
    string ModelId,
    string Severity,
    string VerifiedBy,
    bool ClosedLate,
    DateTimeOffset OccurredAt);

/// <summary>A finding passed its due date without being closed or accepted.</summary>
public sealed record FindingOverdue(
    string FindingId,
    string Org,
    string ModelId,
    string Severity,
    string Owner,
    DateTimeOffset DueAt,
    DateTimeOffset OccurredAt);

/// <summary>
/// An overdue finding was escalated: level 1 to the owner's lead, level 2 to the risk function. <see cref="Recipients"/>
/// are the addressees the org's SLA policy names; the same escalation is sent to the org's webhook.
/// </summary>
public sealed record FindingEscalated(
    string FindingId,
    string Org,
    string ModelId,
    string Severity,
    string Owner,
    int Level,
    IReadOnlyList<string> Recipients,
    DateTimeOffset DueAt,
    DateTimeOffset OccurredAt);
