using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ModelRisk.Contracts.Monitoring.V1;
using ModelRisk.Monitoring.Data;
using ModelRisk.Monitoring.Features.Plans;
using ModelRisk.Monitoring.Models.Evaluations;
using ModelRisk.Monitoring.Models.Logs;
using ModelRisk.Monitoring.Models.Plans;
using ModelRisk.ServiceKit.Data;

namespace ModelRisk.Monitoring.Features.Evaluations;

/// <summary>
/// Queues the windows that are due (ADR 094). Each active plan keeps a cursor (<see cref="MonitoringPlan.ScheduledThrough"/>);
/// a pass queues one window per cron occurrence after the cursor up to now, then moves the cursor, in one transaction
/// with the jobs' outbox rows. After downtime the missed occurrences are all queued (up to
/// <see cref="MonitoringOptions.MaxCatchUpWindows"/> a pass), never twice: the window's id is deterministic and the
/// cursor moves with the jobs. Safe with several replicas: a replica that lost the race on a plan's revision skips it.
/// </summary>
public sealed class WindowScheduler(MonitoringDbContext db, TimeProvider time, IOptions<MonitoringOptions> options, ILogger<WindowScheduler> logger)
{
    private const int PlansPerPass = 200;

    /// <summary>Queues every due window; returns how many were queued.</summary>
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var due = await db.Plans.AsNoTracking().Where(p => p.Status == PlanStatus.Active && p.NextWindowEnd <= now)
            .OrderBy(p => p.NextWindowEnd).Take(PlansPerPass).Select(p => p.Id).ToListAsync(ct);
        var queued = 0;
        foreach (var id in due)
        {
            db.ChangeTracker.Clear();
            var plan = await db.Plans.FirstAsync(p => p.Id == id, ct);
            if (PlanValidation.Parse(plan.Schedule) is not { } cron)
            {
                continue;
            }
            var occurrences = cron.GetOccurrences(plan.ScheduledThrough.UtcDateTime, now.UtcDateTime, fromInclusive: false, toInclusive: true)
                .Take(options.Value.MaxCatchUpWindows).ToList();
            if (occurrences.Count == 0)
            {
                continue;
            }
            var jobs = 0;
            if (plan.HasComputedMetrics)
            {
                foreach (var end in occurrences.Select(o => new DateTimeOffset(o, TimeSpan.Zero)))
                {
                    if (await QueueAsync(plan, end - plan.Window, end, "schedule", now, ct) is not null)
                    {
                        jobs++;
                    }
                }
            }
            plan.MarkScheduledThrough(new DateTimeOffset(occurrences[^1], TimeSpan.Zero));
            try
            {
                await db.SaveChangesAsync(ct);
                queued += jobs;
            }
            catch (DbUpdateException e) when (DatabaseErrors.IsRace(e))
            {
                logger.LogInformation("Plan {PlanId} was scheduled by another replica at the same time; skipped", id);
            }
        }
        return queued;
    }

    /// <summary>
    /// Adds the window's evaluation and its job (staged in the outbox on save) unless that window exists already;
    /// returns it, or null when it exists.
    /// </summary>
    public async Task<WindowEvaluation?> QueueAsync(MonitoringPlan plan, DateTimeOffset start, DateTimeOffset end, string trigger, DateTimeOffset now,
        CancellationToken ct)
    {
        var id = WindowEvaluation.IdFor(plan.Id, start);
        if (await db.Evaluations.AnyAsync(e => e.Id == id, ct))
        {
            return null;
        }
        long startMs = start.ToUnixTimeMilliseconds(), endMs = end.ToUnixTimeMilliseconds();
        var predictions = await db.LogObjects.AsNoTracking()
            .Where(o => o.ModelId == plan.ModelId && o.Kind == LogKind.Predictions && o.MinAt < endMs && o.MaxAt >= startMs)
            .OrderBy(o => o.Key).Select(o => o.Key).ToListAsync(ct);
        // Labels arrive after their predictions: every label object received since the window opened may label one of its rows.
        var labels = await db.LogObjects.AsNoTracking()
            .Where(o => o.ModelId == plan.ModelId && o.Kind == LogKind.Labels && o.ReceivedAt >= start)
            .OrderBy(o => o.ReceivedAt).ThenBy(o => o.Key).Select(o => o.Key).ToListAsync(ct);
        var metrics = plan.Metrics.Where(m => MonitoringMetrics.Computed.Contains(m.Metric))
            .Select(m => new MonitoredMetric(m.Metric, m.Column, m.Min, m.Max)).ToList();
        var job = new EvaluateMonitoringWindow(id, plan.Id, plan.Org, plan.ModelId, plan.ModelVersionId, start, end, predictions, labels,
            plan.ReferenceKey, plan.ReferenceFormat, plan.GroupColumn, metrics, now);
        var evaluation = WindowEvaluation.Queue(job, trigger, now);
        db.Evaluations.Add(evaluation);
        return evaluation;
    }
}

/// <summary>Runs <see cref="WindowScheduler"/> on the configured interval.</summary>
public sealed class WindowSchedulerService(IServiceScopeFactory scopes, IOptions<MonitoringOptions> options, TimeProvider time,
    ILogger<WindowSchedulerService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SchedulerInterval, time);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var queued = await scope.ServiceProvider.GetRequiredService<WindowScheduler>().RunAsync(stoppingToken);
                if (queued > 0)
                {
                    logger.LogInformation("Queued {Windows} monitoring window(s) for the workers", queued);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Scheduling monitoring windows failed; the next pass tries again");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
