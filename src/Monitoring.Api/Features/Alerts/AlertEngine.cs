using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ModelRisk.Contracts.Findings.V1;
using ModelRisk.Monitoring.Data;
using ModelRisk.Monitoring.Features.Points;
using ModelRisk.Monitoring.Models.Alerts;
using ModelRisk.Monitoring.Models.Plans;
using ModelRisk.ServiceKit.Webhooks;

namespace ModelRisk.Monitoring.Features.Alerts;

/// <summary>A point just stored, as the alert engine sees it.</summary>
/// <param name="FirstDataAt">The earliest data instant the value stands for: the point's own instant when pushed, the
/// window's first prediction when a worker computed it. A breach's lead time starts there.</param>
public sealed record IncomingPoint(string ModelId, string Metric, string Series, string? Column, DateTimeOffset At, double Value, DateTimeOffset FirstDataAt);

/// <summary>
/// Evaluates thresholds on every new point (ADR 094), in the transaction that stores the points. Per series of each
/// watched metric of each active plan of the model, a <see cref="BreachTracker"/> counts breaching points in a row;
/// when the count reaches the plan's consecutive-breach rule an alert fires, a worse breach escalates it, and a point
/// within the thresholds resolves it. Points older than the last one applied to a series are stored but move nothing,
/// so late or replayed data cannot flap an alert. Every change owes its webhooks (signed, through the delivery log),
/// its event, and for a critical alert a finding.
/// </summary>
public sealed class AlertEngine(MonitoringDbContext db, TimeProvider time, IOptions<MonitoringOptions> options, MonitoringMeter meter)
{
    public const string FiredEvent = "monitoring.alert.fired";
    public const string ResolvedEvent = "monitoring.alert.resolved";
    public const string RetrainingEvent = "monitoring.retraining.requested";

    /// <summary>Applies the points (any order, any models); the caller saves.</summary>
    public async Task ApplyAsync(IReadOnlyList<IncomingPoint> points, CancellationToken ct)
    {
        if (points.Count == 0)
        {
            return;
        }
        var modelIds = points.Select(p => p.ModelId).Distinct().ToList();
        var plans = await db.Plans.AsNoTracking().Where(p => modelIds.Contains(p.ModelId) && p.Status == PlanStatus.Active).ToListAsync(ct);
        if (plans.Count == 0)
        {
            return;
        }
        var work = new List<(MonitoringPlan Plan, PlanMetric Watched, IncomingPoint Point, string TrackerId)>();
        // A tracker id is a hash: computed once per (plan, watched metric, series) of the batch, not once per point.
        var trackerIds = new Dictionary<(string Plan, string Metric, string? Column, string Series), string>();
        foreach (var plan in plans)
        {
            foreach (var point in points)
            {
                if (point.ModelId != plan.ModelId)
                {
                    continue;
                }
                foreach (var watched in plan.WatchersOf(point.Metric, point.Column))
                {
                    var key = (plan.Id, watched.Metric, watched.Column, point.Series);
                    if (!trackerIds.TryGetValue(key, out var trackerId))
                    {
                        trackerId = TrackerId(plan.Id, watched, point.Series);
                        trackerIds[key] = trackerId;
                    }
                    work.Add((plan, watched, point, trackerId));
                }
            }
        }
        if (work.Count == 0)
        {
            return;
        }
        var ids = work.Select(w => w.TrackerId).Distinct().ToList();
        var trackers = await db.BreachTrackers.Where(t => ids.Contains(t.Id)).ToDictionaryAsync(t => t.Id, ct);
        var owners = await db.Models.AsNoTracking().Where(m => modelIds.Contains(m.ModelId)).ToDictionaryAsync(m => m.ModelId, ct);
        var now = time.GetUtcNow();
        foreach (var (plan, watched, point, trackerId) in work.OrderBy(w => w.Point.At))
        {
            meter.Watched(plan.Org, plan.ModelId, watched.Metric, point.Column, point.Value, point.At);
            if (!watched.HasThreshold)
            {
                continue;
            }
            if (!trackers.TryGetValue(trackerId, out var tracker))
            {
                tracker = BreachTracker.Start(trackerId, plan.Id, watched.Metric, point.Series);
                db.BreachTrackers.Add(tracker);
                trackers[trackerId] = tracker;
            }
            if (!tracker.IsNewer(point.At))
            {
                continue;
            }
            var owner = owners.TryGetValue(plan.ModelId, out var model) ? model.Owner : null;
            await ApplyAsync(plan, watched, point, tracker, owner, now, ct);
        }
    }

    private async Task ApplyAsync(MonitoringPlan plan, PlanMetric watched, IncomingPoint point, BreachTracker tracker, string? owner, DateTimeOffset now,
        CancellationToken ct)
    {
        var level = watched.Classify(point.Value);
        // Find, not a query: the alert may have fired on an earlier point of this same batch and not be saved yet.
        var firing = tracker.FiringAlertId is { } alertId ? await db.Alerts.FindAsync([alertId], ct) : null;
        if (level == AlertLevel.None)
        {
            tracker.Cleared(point.At);
            if (firing is not null)
            {
                firing.Resolve(point.Value, point.At, now);
                Notify(plan, firing, ResolvedEvent, plan.AlertRoutes, now);
            }
            return;
        }
        var breaches = tracker.Breached(point.At, point.FirstDataAt);
        if (firing is not null)
        {
            if (firing.Breach(watched, level, point.Value, point.At, breaches, now))
            {
                Fired(plan, firing, owner, now);
            }
            return;
        }
        var required = plan.ConsecutiveBreaches > 0 ? plan.ConsecutiveBreaches : options.Value.ConsecutiveBreaches;
        if (breaches < required)
        {
            return;
        }
        var alert = Alert.Fire(plan, watched, point.Series, point.Column, level, point.Value, tracker.FirstBreachAt ?? point.FirstDataAt, point.At, breaches, now);
        db.Alerts.Add(alert);
        tracker.Firing(alert.Id);
        Fired(plan, alert, owner, now);
    }

    /// <summary>An alert fired or escalated: its webhooks, the retraining call if the plan's trigger applies, a finding if it is critical.</summary>
    private void Fired(MonitoringPlan plan, Alert alert, string? owner, DateTimeOffset now)
    {
        meter.Fired(alert.Org, alert.Severity.ToString());
        Notify(plan, alert, FiredEvent, plan.AlertRoutes, now);
        if (plan.Retraining is { } retraining && retraining.AppliesTo(alert.Metric, alert.Severity))
        {
            Notify(plan, alert, RetrainingEvent, [retraining.WebhookUrl], now);
        }
        if (alert.Severity == AlertLevel.Critical && alert.FindingSourceKey is null)
        {
            var sourceKey = $"monitoring-alert/{alert.Id}";
            var column = alert.Column is null ? "" : $" of '{alert.Column}'";
            alert.RaiseFinding(new FindingRaised(sourceKey, "MonitoringAlert", plan.Org, plan.ModelId, plan.ModelVersionId, null,
                $"Monitoring: {alert.Metric}{column} breached its critical threshold",
                $"Plan '{plan.Name}': {alert.Metric}{column} was {alert.Value:G6} against a critical threshold of {alert.Threshold:G6} "
                + $"({alert.Breaches} breaching point(s) in a row since {alert.FirstBreachAt:u}; detected {FormatLead(alert.LeadTime)} after the first breaching data). "
                + $"Runbook: {plan.RunbookUrl ?? "none set"}. Alert: /api/monitoring/alerts/{alert.Id}.",
                "High", "A critical monitoring threshold was breached in production.", owner, "monitoring", now), sourceKey);
        }
    }

    private void Notify(MonitoringPlan plan, Alert alert, string eventType, IEnumerable<string> urls, DateTimeOffset now)
    {
        foreach (var url in urls)
        {
            db.Set<WebhookDelivery>().Add(AlertPayloads.Delivery(plan, alert, eventType, url, now));
        }
    }

    internal static string TrackerId(string planId, PlanMetric watched, string series) =>
        BreachTracker.IdFor(planId, $"{watched.Metric}\u0001{watched.Column}", series);

    private static string FormatLead(TimeSpan lead) =>
        lead.TotalDays >= 1 ? $"{lead.TotalDays:0.#} days" : lead.TotalHours >= 1 ? $"{lead.TotalHours:0.#} hours" : $"{Math.Max(0, lead.TotalMinutes):0.#} minutes";
}
