using ModelRisk.Contracts.Monitoring.V1;
using ModelRisk.Monitoring.Models.Plans;
using ModelRisk.ServiceKit.Domain;

namespace ModelRisk.Monitoring.Models.Alerts;

/// <summary>
/// A breach of a plan's threshold on one series, from the point it fired to the point it resolved. At most one alert
/// of a series fires at a time (its <see cref="BreachTracker"/> holds it): further breaches update it, a worse one
/// escalates it, a point back within the thresholds resolves it. Its lead time is from the first breaching data
/// timestamp to the moment it fired.
/// </summary>
public sealed class Alert : Aggregate, IOrgOwned
{
    public string Org { get; private set; } = "";
    public string PlanId { get; private set; } = "";
    public string ModelId { get; private set; } = "";
    public string Metric { get; private set; } = "";
    public string Series { get; private set; } = "";
    public string? Column { get; private set; }
    public AlertLevel Severity { get; private set; }
    public AlertState State { get; private set; }
    public double Value { get; private set; }
    public double Threshold { get; private set; }

    /// <summary>The data timestamp of the first breaching point of the run that fired it.</summary>
    public DateTimeOffset FirstBreachAt { get; private set; }
    public DateTimeOffset FiredAt { get; private set; }
    public TimeSpan LeadTime { get; private set; }

    /// <summary>How many breaching points in a row it has seen.</summary>
    public int Breaches { get; private set; }
    public DateTimeOffset LastValueAt { get; private set; }
    public DateTimeOffset? ResolvedAt { get; private set; }
    public string? AcknowledgedBy { get; private set; }
    public DateTimeOffset? AcknowledgedAt { get; private set; }

    /// <summary>The Findings service's source key when a critical alert raised a finding.</summary>
    public string? FindingSourceKey { get; private set; }

    public static Alert Fire(MonitoringPlan plan, PlanMetric watched, string series, string? column, AlertLevel level, double value,
        DateTimeOffset firstBreachAt, DateTimeOffset valueAt, int breaches, DateTimeOffset now)
    {
        var alert = new Alert
        {
            Id = NewId(),
            Org = plan.Org,
            PlanId = plan.Id,
            ModelId = plan.ModelId,
            Metric = watched.Metric,
            Series = series,
            Column = column,
            State = AlertState.Firing,
            FirstBreachAt = firstBreachAt,
            FiredAt = now,
            LeadTime = now - firstBreachAt,
        };
        alert.Record(watched, level, value, valueAt, breaches);
        alert.Raise(alert.FiredEvent(now));
        return alert;
    }

    /// <summary>Another breaching point while firing: the value is kept; a worse level escalates and fires again.</summary>
    public bool Breach(PlanMetric watched, AlertLevel level, double value, DateTimeOffset valueAt, int breaches, DateTimeOffset now)
    {
        var escalates = level > Severity;
        Record(watched, escalates ? level : Severity, value, valueAt, breaches);
        if (escalates)
        {
            Raise(FiredEvent(now));
        }
        return escalates;
    }

    public void Resolve(double value, DateTimeOffset valueAt, DateTimeOffset now)
    {
        State = AlertState.Resolved;
        Value = value;
        LastValueAt = valueAt;
        ResolvedAt = now;
        Touch();
        Raise(new MonitoringAlertResolved(Id, PlanId, Org, ModelId, Metric, Column, now));
    }

    public void Acknowledge(string actor, DateTimeOffset now)
    {
        AcknowledgedBy = actor;
        AcknowledgedAt = now;
        Touch();
    }

    /// <summary>Raises the finding a critical alert opens, once per alert (the key makes Findings open one).</summary>
    public void RaiseFinding(object findingRaised, string sourceKey)
    {
        FindingSourceKey = sourceKey;
        Raise(findingRaised);
    }

    private void Record(PlanMetric watched, AlertLevel level, double value, DateTimeOffset valueAt, int breaches)
    {
        Severity = level;
        Value = value;
        Threshold = watched.ThresholdFor(level) ?? double.NaN;
        LastValueAt = valueAt;
        Breaches = breaches;
        Touch();
    }

    private MonitoringAlertFired FiredEvent(DateTimeOffset now) =>
        new(Id, PlanId, Org, ModelId, Metric, Column, Severity.ToString(), Value, Threshold, FirstBreachAt, LeadTime, now);
}
