using ModelRisk.Monitoring.Features.Alerts;
using ModelRisk.Monitoring.Models.Points;

namespace ModelRisk.Monitoring.Features.Points;

/// <summary>A point to store, with what the alert engine needs beside the row.</summary>
public sealed record NewPoint(MetricPoint Row, string? Column, DateTimeOffset FirstDataAt);

/// <summary>
/// The one way points enter the database, pushed or evaluated: written in bulk inside the caller's transaction, then
/// every point actually inserted goes through the alert engine, so a resent batch neither duplicates a row nor
/// counts a breach twice. The caller saves (alert state, events, webhooks) and commits.
/// </summary>
public sealed class PointIngest(PointWriter writer, AlertEngine alerts, MonitoringMeter meter)
{
    /// <summary>Counts points stored, once their transaction committed.</summary>
    public void Ingested(int count, PointSource source) => meter.Ingested(count, source.ToString());

    public async Task<PointOutcome[]> StoreAsync(IReadOnlyList<NewPoint> points, CancellationToken ct)
    {
        var outcomes = await writer.WriteAsync([.. points.Select(p => p.Row)], ct);
        if (outcomes.Contains(PointOutcome.Conflict))
        {
            return outcomes;
        }
        var inserted = new List<IncomingPoint>();
        for (var i = 0; i < points.Count; i++)
        {
            if (outcomes[i] == PointOutcome.Inserted)
            {
                var p = points[i];
                inserted.Add(new IncomingPoint(p.Row.ModelId, p.Row.Metric, p.Row.Series, p.Column, DateTimeOffset.FromUnixTimeMilliseconds(p.Row.At),
                    p.Row.Value, p.FirstDataAt));
            }
        }
        await alerts.ApplyAsync(inserted, ct);
        return outcomes;
    }
}
