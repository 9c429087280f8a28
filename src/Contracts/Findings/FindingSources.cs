namespace ModelRisk.Contracts.Findings.V1;

// Events are immutable facts; a breaking change gets a new namespace (V2), never an edit here.
// Ids are opaque strings, enums travel as their string names, times are UTC.

/// <summary>
/// A source found a problem that someone must fix. <see cref="SourceKey"/> makes duplicates impossible: the same key
/// delivered twice, or by two replicas at once, opens one finding. Keys are built by the source, for example
/// <c>validation-run/{runId}/test/{testName}</c> or <c>monitoring-alert/{alertId}</c>.
/// </summary>
/// <param name="Source">ValidationTest, ConditionOfApproval, MonitoringAlert, IncidentCorrectiveAction, Audit or Manual.</param>
/// <param name="Severity">Critical, High, Medium or Low.</param>
/// <param name="SuggestedOwner">The username the source proposes as owner (the model's owner when the source knows it).</param>
public sealed record FindingRaised(
    string SourceKey,
    string Source,
    string Org,
    string ModelId,
    string? ModelVersionId,
    string? ReviewId,
    string Title,
    string Description,
    string Severity,
    string SeverityRationale,
    string? SuggestedOwner,
    string RaisedBy,
    DateTimeOffset OccurredAt);
