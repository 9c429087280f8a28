namespace ModelRisk.Contracts.Monitoring.V1;

// Events Monitoring publishes through its outbox. Immutable facts; a breaking change gets a new namespace (V2).

/// <summary>An alert started firing: its metric breached the plan's threshold on the configured number of consecutive points.</summary>
/// <param name="Severity">Warning or Critical.</param>
/// <param name="LeadTime">From the first breaching data timestamp to the moment the alert fired.</param>
public sealed record MonitoringAlertFired(
    string AlertId,
    string PlanId,
    string Org,
    string ModelId,
    string Metric,
    string? Column,
    string Severity,
    double Value,
    double Threshold,
    DateTimeOffset FirstBreachAt,
    TimeSpan LeadTime,
    DateTimeOffset OccurredAt);

/// <summary>A firing alert resolved: its metric came back within the threshold.</summary>
public sealed record MonitoringAlertResolved(
    string AlertId,
    string PlanId,
    string Org,
    string ModelId,
    string Metric,
    string? Column,
    DateTimeOffset OccurredAt);
