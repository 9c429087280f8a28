using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace ModelRisk.Messaging.Outbox;

/// <summary>
/// Outbox lag as a warning: Degraded while this replica's dispatcher cannot publish, when the oldest undelivered row is
/// older than <see cref="OutboxOptions.LagWarning"/>, or when rows are parked; never Unhealthy. The outbox exists to absorb a broker outage, so lag must not take a replica out
/// of service; it is reported so an operator sees it.
/// </summary>
public sealed class OutboxHealthCheck<TDbContext>(TDbContext db, OutboxMetrics metrics, IOptions<MessagingOptions> options, TimeProvider timeProvider) : IHealthCheck
    where TDbContext : DbContext
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var lag = await MeasureAsync(db, timeProvider, cancellationToken);
        metrics.RecordLag(typeof(TDbContext).Name, lag);
        var data = new Dictionary<string, object>
        {
            ["pending"] = lag.Pending,
            ["oldestPendingAgeSeconds"] = Math.Round(lag.OldestPendingAge.TotalSeconds, 1),
            ["parked"] = lag.Parked,
        };
        if (metrics.PublishFailingOf(typeof(TDbContext).Name) is { } failing)
        {
            data["publishFailingSince"] = failing.Since.ToString("o", System.Globalization.CultureInfo.InvariantCulture);
            var cause = failing.BrokerUnreachable ? "the broker is unreachable" : "the broker refuses the head row";
            return HealthCheckResult.Degraded($"Publishing fails since {failing.Since:o} ({cause}); {lag.Pending} outbox rows wait: {failing.LastError}", data: data);
        }
        var warning = options.Value.Outbox.LagWarning;
        if (lag.OldestPendingAge > warning)
        {
            return HealthCheckResult.Degraded($"{lag.Pending} outbox rows wait; the oldest for {lag.OldestPendingAge:g} (warning after {warning:g})", data: data);
        }
        if (lag.Parked > 0)
        {
            return HealthCheckResult.Degraded($"{lag.Parked} outbox rows are parked and need a person", data: data);
        }
        return HealthCheckResult.Healthy($"{lag.Pending} outbox rows wait", data);
    }

    /// <summary>Counts undelivered and parked rows and dates the oldest undelivered one (small queries on the dispatch index).</summary>
    public static async Task<OutboxLag> MeasureAsync(DbContext db, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var undelivered = db.Set<OutboxMessage>().Where(m => m.DispatchedAt == null);
        var pending = undelivered.Where(m => m.ParkedAt == null);
        var count = await pending.LongCountAsync(cancellationToken);
        var oldest = count == 0 ? null : await pending.MinAsync(m => (DateTime?)m.OccurredAt, cancellationToken);
        var parked = await undelivered.LongCountAsync(m => m.ParkedAt != null, cancellationToken);
        var age = oldest is { } at ? timeProvider.GetUtcNow().UtcDateTime - at : TimeSpan.Zero;
        return new OutboxLag(count, age < TimeSpan.Zero ? TimeSpan.Zero : age, parked);
    }
}
