using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace ModelRisk.Messaging.Outbox;

/// <summary>How far behind an outbox is: undelivered rows, the age of the oldest, and rows parked for a person.</summary>
public readonly record struct OutboxLag(long Pending, TimeSpan OldestPendingAge, long Parked);

/// <summary>The dispatcher cannot publish the head of its outbox since <paramref name="Since"/>.</summary>
public sealed record PublishFailure(DateTime Since, bool BrokerUnreachable, string? LastError);

/// <summary>
/// The meter <c>ModelRisk.Messaging</c> (exported with the other <c>ModelRisk.*</c> meters): outbox lag as gauges, tagged by
/// the outbox's DbContext, and counters of publish failures, parked rows and rows handed to a newer replica.
/// </summary>
public sealed class OutboxMetrics
{
    public const string MeterName = "ModelRisk.Messaging";

    readonly ConcurrentDictionary<string, OutboxLag> _lag = new(StringComparer.Ordinal);
    readonly ConcurrentDictionary<string, PublishFailure> _failing = new(StringComparer.Ordinal);
    readonly Counter<long> _publishFailures;
    readonly Counter<long> _parked;
    readonly Counter<long> _handedOver;

    public OutboxMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = Meter = meterFactory.Create(MeterName);
        meter.CreateObservableGauge("modelrisk.outbox.pending", () => Observe(l => l.Pending), "{row}", "Outbox rows not yet delivered");
        meter.CreateObservableGauge("modelrisk.outbox.oldest_pending_age", () => Observe(l => l.OldestPendingAge.TotalSeconds), "s", "Age of the oldest undelivered outbox row");
        meter.CreateObservableGauge("modelrisk.outbox.parked", () => Observe(l => l.Parked), "{row}", "Outbox rows parked for a person");
        _publishFailures = meter.CreateCounter<long>("modelrisk.outbox.publish_failures", "{attempt}", "Failed publishes of outbox rows");
        _parked = meter.CreateCounter<long>("modelrisk.outbox.rows_parked", "{row}", "Outbox rows parked (refused, unreadable, or behind a parked row of the same model)");
        _handedOver = meter.CreateCounter<long>("modelrisk.outbox.handovers", "{row}", "Times a replica left a row of a type it does not know for a newer replica");
    }

    /// <summary>This service's meter (one per service provider, from its <see cref="IMeterFactory"/>).</summary>
    public Meter Meter { get; }

    /// <summary>The last measured lag of the outbox of <paramref name="outbox"/> (a DbContext name), if any.</summary>
    public OutboxLag? LagOf(string outbox) => _lag.TryGetValue(outbox, out var lag) ? lag : null;

    public void RecordLag(string outbox, OutboxLag lag) => _lag[outbox] = lag;

    /// <summary>Since when this replica's dispatcher has failed to publish, or null while it publishes.</summary>
    public PublishFailure? PublishFailingOf(string outbox) => _failing.TryGetValue(outbox, out var failure) ? failure : null;

    /// <summary>Records that publishing fails (keeping the first failure's time), or that it works again (null).</summary>
    public void RecordPublishFailing(string outbox, PublishFailure? failure)
    {
        if (failure is null)
        {
            _failing.TryRemove(outbox, out _);
        }
        else
        {
            _failing.AddOrUpdate(outbox, failure, (_, first) => failure with { Since = first.Since });
        }
    }

    /// <summary>A replica that lost the lease stops reporting, so only the holder's figures are exported.</summary>
    public void Forget(string outbox)
    {
        _lag.TryRemove(outbox, out _);
        _failing.TryRemove(outbox, out _);
    }

    public void PublishFailed(string outbox) => _publishFailures.Add(1, Tag(outbox));

    public void Parked(string outbox) => _parked.Add(1, Tag(outbox));

    public void HandedOver(string outbox) => _handedOver.Add(1, Tag(outbox));

    static KeyValuePair<string, object?> Tag(string outbox) => new("outbox", outbox);

    IEnumerable<Measurement<T>> Observe<T>(Func<OutboxLag, T> value) where T : struct =>
        _lag.Select(entry => new Measurement<T>(value(entry.Value), Tag(entry.Key)));
}
