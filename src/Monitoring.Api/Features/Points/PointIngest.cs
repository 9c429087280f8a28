using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using ModelRisk.Monitoring.Data;
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
public sealed class PointIngest(MonitoringDbContext db, PointWriter writer, AlertEngine alerts, MonitoringMeter meter)
{
    /// <summary>One writer turn per SQLite database file, shared by every request of the process.</summary>
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> SqliteWriters = new(StringComparer.Ordinal);

    /// <summary>
    /// Waits for this process's turn to write points, on SQLite; on SQL Server there is nothing to wait for. SQLite
    /// takes one writer at a time: a batch that finds the write lock taken waits in SQLite's busy handler, which
    /// sleeps in growing steps (up to 100 ms) and leaves the lock idle between them, so concurrent batches spent much
    /// of their wait asleep (ADR 090). Queued here they start the moment the previous batch commits. The turn covers
    /// the caller's whole transaction; dispose it after the commit or the rollback.
    /// </summary>
    public async Task<WriterTurn> TakeTurnAsync(CancellationToken ct)
    {
        if (!db.Database.IsSqlite())
        {
            return default;
        }
        var gate = SqliteWriters.GetOrAdd(db.Database.GetConnectionString() ?? "", _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        return new WriterTurn(gate);
    }

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

/// <summary>A turn to write points; disposing it lets the next batch in.</summary>
public readonly struct WriterTurn(SemaphoreSlim? gate) : IDisposable
{
    public void Dispose() => gate?.Release();
}
