using ModelRisk.ServiceKit.Domain;

namespace ModelRisk.Monitoring.Models.Plans;

/// <summary>
/// What to watch on one model (and optionally one of its versions) in production: the metrics with their thresholds,
/// the evaluation window and its cron schedule, the reference dataset drift is measured against, where alerts go,
/// the runbook and dashboard, and what triggers retraining. One active plan per model and version.
/// </summary>
public sealed class MonitoringPlan : Aggregate, IOrgOwned
{
    public const int NameMaxLength = 200;
    public const int MaxMetrics = 100;
    public const int MaxRoutes = 10;

    public string Org { get; private set; } = "";
    public string ModelId { get; private set; } = "";
    public string? ModelVersionId { get; private set; }
    public string Name { get; private set; } = "";
    public PlanStatus Status { get; private set; }

    /// <summary>
    /// <c>{model}/{version}</c> while the plan is active, null once retired: a unique index on it makes "one active plan
    /// per model and version" hold under concurrent creates, not only in the check before the insert.
    /// </summary>
    public string? ActiveSlot { get; private set; }
    public List<PlanMetric> Metrics { get; private set; } = [];
    public TimeSpan Window { get; private set; }
    public string Schedule { get; private set; } = "";
    public string? ReferenceDatasetId { get; private set; }

    /// <summary>Where the reference dataset's bytes are in the store; internal, never shown to callers.</summary>
    public string? ReferenceKey { get; private set; }
    public string? ReferenceFormat { get; private set; }
    public string? GroupColumn { get; private set; }
    public List<string> AlertRoutes { get; private set; } = [];
    public string? RunbookUrl { get; private set; }
    public string? DashboardUrl { get; private set; }
    public RetrainingTrigger? Retraining { get; private set; }

    /// <summary>How many breaching points in a row fire an alert (the service's default when the plan sets none).</summary>
    public int ConsecutiveBreaches { get; private set; }

    /// <summary>The scheduler's cursor: every window ending at or before it has been queued. Catch-up starts here.</summary>
    public DateTimeOffset ScheduledThrough { get; private set; }

    /// <summary>The end of the next window after the cursor: the scheduler reads only plans whose next window is due.</summary>
    public DateTimeOffset NextWindowEnd { get; private set; }
    public string CreatedBy { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
    public string UpdatedBy { get; private set; } = "";
    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>Complete (issue 10): it alerts somewhere on at least one threshold, and has a dashboard and a runbook.</summary>
    public bool IsComplete => AlertRoutes.Count > 0 && Metrics.Any(m => m.HasThreshold) && RunbookUrl is not null && DashboardUrl is not null;

    /// <summary>Whether the workers have anything to compute for this plan on schedule.</summary>
    public bool HasComputedMetrics => Metrics.Any(m => Contracts.Monitoring.V1.MonitoringMetrics.Computed.Contains(m.Metric));

    public static MonitoringPlan Create(string org, string modelId, PlanDefinition definition, string actor, DateTimeOffset now)
    {
        var plan = new MonitoringPlan
        {
            Id = NewId(),
            Org = org,
            ModelId = modelId,
            Status = PlanStatus.Active,
            CreatedBy = actor,
            CreatedAt = now,
            ScheduledThrough = now,
        };
        plan.Apply(definition, actor, now);
        return plan;
    }

    /// <summary>Replaces the definition. The scheduler's cursor stays: windows already queued are not queued again.</summary>
    public void Redefine(PlanDefinition definition, string actor, DateTimeOffset now) => Apply(definition, actor, now);

    public void Retire(string actor, DateTimeOffset now)
    {
        Status = PlanStatus.Retired;
        ActiveSlot = null;
        UpdatedBy = actor;
        UpdatedAt = now;
        Touch();
    }

    /// <summary>
    /// Moves the scheduler's cursor after queueing the windows up to <paramref name="through"/>. Not a revision: the
    /// plan's ETag is its definition's, so a person's If-Match never fails because the scheduler ran; a concurrent edit
    /// still makes the scheduler's save fail (the revision is its concurrency token) and the next pass retries.
    /// </summary>
    public void MarkScheduledThrough(DateTimeOffset through)
    {
        if (through > ScheduledThrough)
        {
            ScheduledThrough = through;
            NextWindowEnd = NextOccurrenceAfter(through);
        }
    }

    /// <summary>The first instant of the plan's cron schedule (UTC) after <paramref name="instant"/>; far in the future if it never fires.</summary>
    public DateTimeOffset NextOccurrenceAfter(DateTimeOffset instant) =>
        Cronos.CronExpression.TryParse(Schedule, Cronos.CronFormat.Standard, out var cron)
        && cron.GetNextOccurrence(instant.UtcDateTime, TimeZoneInfo.Utc) is { } next
            ? new DateTimeOffset(next, TimeSpan.Zero)
            : DateTimeOffset.MaxValue.ToUniversalTime().AddYears(-1);

    /// <summary>The watched metrics a point of <paramref name="metric"/> with the given column label is checked against.</summary>
    public IEnumerable<PlanMetric> WatchersOf(string metric, string? column) =>
        Metrics.Where(m => m.Metric == metric && (m.Column is null || m.Column == column));

    private void Apply(PlanDefinition d, string actor, DateTimeOffset now)
    {
        ModelVersionId = d.ModelVersionId;
        Name = d.Name;
        Metrics = [.. d.Metrics];
        Window = d.Window;
        Schedule = d.Schedule;
        ReferenceDatasetId = d.ReferenceDatasetId;
        ReferenceKey = d.ReferenceKey;
        ReferenceFormat = d.ReferenceFormat;
        GroupColumn = d.GroupColumn;
        AlertRoutes = [.. d.AlertRoutes];
        RunbookUrl = d.RunbookUrl;
        DashboardUrl = d.DashboardUrl;
        Retraining = d.Retraining;
        ConsecutiveBreaches = d.ConsecutiveBreaches;
        NextWindowEnd = NextOccurrenceAfter(ScheduledThrough);
        ActiveSlot = Status == PlanStatus.Active ? $"{ModelId}/{ModelVersionId}" : null;
        UpdatedBy = actor;
        UpdatedAt = now;
        Touch();
    }
}

/// <summary>A plan's definition as validated from a request, with its reference resolved to a store key.</summary>
public sealed record PlanDefinition(
    string? ModelVersionId,
    string Name,
    IReadOnlyList<PlanMetric> Metrics,
    TimeSpan Window,
    string Schedule,
    string? ReferenceDatasetId,
    string? ReferenceKey,
    string? ReferenceFormat,
    string? GroupColumn,
    IReadOnlyList<string> AlertRoutes,
    string? RunbookUrl,
    string? DashboardUrl,
    RetrainingTrigger? Retraining,
    int ConsecutiveBreaches);
