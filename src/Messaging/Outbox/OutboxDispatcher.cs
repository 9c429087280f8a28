using System.Diagnostics;
using System.Text.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ModelRisk.Messaging.Outbox;

/// <summary>
/// Delivers the outbox rows of <typeparamref name="TDbContext"/> to the broker in id order. Only the replica that holds
/// the lease dispatches. A failed publish is retried with capped exponential backoff and nothing behind it goes first;
/// during an outage nothing is ever parked, and the head is retried as soon as the broker is back.
/// A row that cannot be delivered by any build (an unreadable body, or a broker that keeps refusing it while reachable)
/// is parked, and so is every later row of the same model, so per-model order holds while other models go on.
/// A row whose type this build lacks is left for a newer replica: this one gives up the lease for a while.
/// Delivery is at least once (a crash between publish and marking the row republishes it); the row's message id
/// travels as the MassTransit MessageId so inboxes downstream drop the duplicate.
/// </summary>
public sealed class OutboxDispatcher<TDbContext>(
    IServiceScopeFactory scopeFactory,
    IBus bus,
    MessageTypeRegistry registry,
    BrokerReachability broker,
    OutboxMetrics metrics,
    IOptions<MessagingOptions> options,
    TimeProvider timeProvider,
    ILogger<OutboxDispatcher<TDbContext>> logger) : BackgroundService
    where TDbContext : DbContext
{
    static readonly ActivitySource Source = new("ModelRisk.Messaging");
    static readonly TimeSpan MaxErrorPollInterval = TimeSpan.FromSeconds(30);
    static readonly string OutboxName = typeof(TDbContext).Name;

    readonly OutboxOptions _options = options.Value.Outbox;
    DateTime _leaseRenewDue = DateTime.MinValue;
    DateTime _nextCleanup = DateTime.MinValue;
    DateTime _nextLagSample = DateTime.MinValue;
    DateTime _standDownUntil = DateTime.MinValue;
    HeadFailure? _failure;

    /// <summary>Identifies this dispatcher instance as lease holder (unique per instance, also within one process).</summary>
    public string InstanceId { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    DateTime UtcNow => timeProvider.GetUtcNow().UtcDateTime;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var consecutiveErrors = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            var wakeUp = OutboxSignal.Next;
            var moreWaiting = false;
            try
            {
                moreWaiting = await DispatchOnceAsync(stoppingToken);
                consecutiveErrors = 0;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                // The database may be briefly unavailable; the next round tries again and the lease expires if we stay away.
                consecutiveErrors++;
                logger.LogError(ex, "Outbox dispatch round for {DbContext} failed ({Failures} in a row)", OutboxName, consecutiveErrors);
            }

            if (!moreWaiting)
            {
                try
                {
                    // Poll less often while the database keeps failing (not migrated yet, down), so the log is not flooded.
                    var wait = consecutiveErrors == 0
                        ? _options.PollInterval
                        : OutboxBackoff.Delay(consecutiveErrors, _options.PollInterval, MaxErrorPollInterval);
                    await wakeUp.WaitAsync(wait, timeProvider, stoppingToken);
                }
                catch (TimeoutException)
                {
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    break;
                }
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await using var scope = scopeFactory.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
            await OutboxLeases.ReleaseAsync(db, OutboxLeases.DefaultName, InstanceId, cancellationToken);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Could not release the outbox lease; another replica takes over when it expires");
        }
    }

    /// <summary>One round: take or renew the lease, deliver due rows in order. True when a full batch went and more may wait.</summary>
    public async Task<bool> DispatchOnceAsync(CancellationToken cancellationToken)
    {
        if (UtcNow < _standDownUntil)
        {
            return false;
        }
        await using var scope = scopeFactory.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDbContext>();

        if (!await RenewLeaseAsync(db, cancellationToken))
        {
            return false;
        }

        await CleanUpIfDueAsync(db, cancellationToken);
        await SampleLagIfDueAsync(db, cancellationToken);

        var parkedModels = await ParkedModelsAsync(db, cancellationToken);
        var rows = await db.Set<OutboxMessage>()
            .Where(m => m.DispatchedAt == null && m.ParkedAt == null)
            .OrderBy(m => m.Id)
            .Take(_options.BatchSize)
            .ToListAsync(cancellationToken);

        var outcome = RowOutcome.Delivered;
        try
        {
            foreach (var row in rows)
            {
                if (cancellationToken.IsCancellationRequested || (UtcNow >= _leaseRenewDue && !await RenewLeaseAsync(db, cancellationToken)))
                {
                    return false;
                }
                if (_failure is { } failure && failure.RowId == row.Id && !ReadyToRetry(failure))
                {
                    // The head of the line is backing off; later rows wait behind it to keep the order.
                    return false;
                }
                var model = OutboxOrderingKey.Of(row.Body);
                if (model is not null && parkedModels.TryGetValue(model, out var parkedId))
                {
                    Park(row, $"Held behind parked outbox row {parkedId} of model '{model}', to keep that model's events in order");
                    continue;
                }
                outcome = await DispatchRowAsync(row);
                if (outcome == RowOutcome.Parked && model is not null)
                {
                    parkedModels.TryAdd(model, row.Id);
                }
                else if (outcome is RowOutcome.Wait or RowOutcome.HandOver)
                {
                    return false;
                }
            }
            return rows.Count == _options.BatchSize;
        }
        finally
        {
            // The outcomes of the round (dispatched, failed, parked) are written together, one round trip rather than one
            // per row, and even when the host is stopping: a row that went out but is not marked would be sent again.
            await db.SaveChangesAsync(CancellationToken.None);
            if (outcome == RowOutcome.HandOver)
            {
                await HandOverAsync(db);
            }
        }
    }

    async Task<bool> RenewLeaseAsync(TDbContext db, CancellationToken cancellationToken)
    {
        var now = UtcNow;
        if (!await OutboxLeases.TryAcquireAsync(db, OutboxLeases.DefaultName, InstanceId, _options.LeaseDuration, cancellationToken))
        {
            if (_leaseRenewDue != DateTime.MinValue)
            {
                metrics.Forget(OutboxName);
            }
            _leaseRenewDue = DateTime.MinValue;
            _failure = null;
            return false;
        }
        // Renew well before expiry so the lease never lapses while this replica is publishing. Only the interval is
        // measured on this replica's clock; expiry itself is judged on the database's.
        _leaseRenewDue = now + _options.LeaseDuration / 3;
        return true;
    }

    // A backoff that began while the bus saw the broker down ends as soon as the bus sees it back, not when its timer runs out.
    bool ReadyToRetry(HeadFailure failure) =>
        UtcNow >= failure.RetryAt || (failure.BusSawOutage && broker.IsReachable());

    /// <summary>Delivers one row and records the outcome on it.</summary>
    async Task<RowOutcome> DispatchRowAsync(OutboxMessage row)
    {
        if (!registry.TryResolve(row.MessageType, out var type))
        {
            // A newer replica wrote it (rolling deploy). Parking it here would lose it for good; leave it for a replica that knows it.
            row.LastError = Truncate($"Unknown message type '{row.MessageType}': not in the contract registry of this build; left for a replica that knows it");
            metrics.HandedOver(OutboxName);
            logger.LogWarning("Outbox row {OutboxId} has type {MessageType}, which this build does not know; leaving it and the lease to a newer replica",
                row.Id, row.MessageType);
            return RowOutcome.HandOver;
        }

        object message;
        try
        {
            message = JsonSerializer.Deserialize(row.Body, type, OutboxDbContextExtensions.BodySerializerOptions)
                ?? throw new JsonException("The body is null");
        }
        catch (JsonException ex)
        {
            Park(row, $"Unreadable body for {row.MessageType}: {ex.Message}");
            return RowOutcome.Parked;
        }

        // Once a publish has started it is finished even when the host is stopping: cancelling it halfway would leave
        // a row that may have gone out but is not marked, and the next holder would send it again.
        try
        {
            await PublishAsync(row, type, message);
        }
        catch (Exception ex)
        {
            return RecordFailure(row, ex);
        }

        row.Attempts++;
        row.DispatchedAt = UtcNow;
        row.NextAttemptAt = null;
        if (_failure is not null)
        {
            _failure = null;
            metrics.RecordPublishFailing(OutboxName, null);
        }
        return RowOutcome.Delivered;
    }

    static bool IsConnectionFailure(Exception ex)
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            if (e is TimeoutException or OperationCanceledException or IOException or System.Net.Sockets.SocketException
                or ConnectionException or RabbitMQ.Client.Exceptions.AlreadyClosedException or RabbitMQ.Client.Exceptions.ConnectFailureException)
            {
                return true;
            }
        }
        return false;
    }

    RowOutcome RecordFailure(OutboxMessage row, Exception ex)
    {
        // An unhealthy bus or a connection failure is an outage: it says nothing about the row, so it never counts towards
        // parking, and its retries are probed every OutageRetryInterval rather than backed off for minutes, so delivery
        // resumes promptly when the broker is back (a publish-only bus does not notice that by itself).
        var busSawOutage = !broker.IsReachable();
        var duringOutage = busSawOutage || IsConnectionFailure(ex);
        var previous = _failure?.RowId == row.Id ? _failure : null;
        var failures = (previous?.Failures ?? 0) + 1;
        var rejections = (previous?.Rejections ?? 0) + (duringOutage ? 0 : 1);
        var error = $"{ex.GetType().Name}: {ex.Message}";
        row.Attempts++;
        row.LastError = Truncate(error);
        metrics.PublishFailed(OutboxName);

        if (rejections >= _options.MaxRejections)
        {
            _failure = null;
            metrics.RecordPublishFailing(OutboxName, null);
            Park(row, $"Refused {rejections} times while the broker was reachable; last error {error}", countAttempt: false);
            return RowOutcome.Parked;
        }

        var delay = OutboxBackoff.Delay(failures, _options.RetryBaseDelay, _options.RetryMaxDelay);
        var retryAt = UtcNow + (duringOutage && delay > _options.OutageRetryInterval ? _options.OutageRetryInterval : delay);
        row.NextAttemptAt = retryAt;
        _failure = new HeadFailure(row.Id, failures, rejections, retryAt, busSawOutage);
        metrics.RecordPublishFailing(OutboxName, new PublishFailure(UtcNow, duringOutage, row.LastError));
        logger.LogWarning(ex, "Publishing outbox row {OutboxId} ({MessageType}, message {MessageId}) failed on attempt {Attempts} ({Cause}); next attempt at {NextAttemptAt:o}",
            row.Id, row.MessageType, row.MessageId, row.Attempts, duringOutage ? "broker unreachable" : "refused", retryAt);
        return RowOutcome.Wait;
    }

    // Gives the lease up and keeps away from it for one lease duration, so a newer replica can take it.
    async Task HandOverAsync(TDbContext db)
    {
        _standDownUntil = UtcNow + _options.LeaseDuration;
        _leaseRenewDue = DateTime.MinValue;
        _failure = null;
        metrics.Forget(OutboxName);
        await OutboxLeases.ReleaseAsync(db, OutboxLeases.DefaultName, InstanceId, CancellationToken.None);
    }

    async Task PublishAsync(OutboxMessage row, Type type, object message)
    {
        using var activity = StartActivity(row);
        using var timeout = new CancellationTokenSource(_options.PublishTimeout, timeProvider);
        try
        {
            await bus.Publish(message, type, Pipe.Execute<PublishContext>(context => context.MessageId = row.MessageId), timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new TimeoutException($"Publishing did not complete within {_options.PublishTimeout}");
        }
    }

    // Continues the trace of the request that wrote the row; a plain Activity when nobody listens to our source,
    // so MassTransit's own send activity still gets the right parent.
    static Activity? StartActivity(OutboxMessage row)
    {
        if (row.TraceParent is null || !ActivityContext.TryParse(row.TraceParent, null, out var parent))
        {
            return null;
        }
        return Source.StartActivity("outbox dispatch", ActivityKind.Producer, parent)
            ?? new Activity("outbox dispatch").SetParentId(row.TraceParent).Start();
    }

    // Parking is a deliberate trade: the row can never be delivered as it is, and holding the line would stop every
    // later event of the service for a row that needs a person anyway. It is kept with its error, not deleted; later rows
    // of its model are parked behind it so that model's order holds. An operator fixes the rows and clears parked_at.
    void Park(OutboxMessage row, string error, bool countAttempt = true)
    {
        if (countAttempt)
        {
            row.Attempts++;
        }
        row.LastError = Truncate(error);
        row.ParkedAt = UtcNow;
        row.NextAttemptAt = null;
        metrics.Parked(OutboxName);
        logger.LogError("Parked outbox row {OutboxId} (message {MessageId}, type {MessageType}); other models' events continue. {Error}",
            row.Id, row.MessageId, row.MessageType, error);
    }

    /// <summary>The models with a parked row, each with its first parked row's id. Parked rows are few: they need a person.</summary>
    static async Task<Dictionary<string, long>> ParkedModelsAsync(TDbContext db, CancellationToken cancellationToken)
    {
        var parked = await db.Set<OutboxMessage>()
            .Where(m => m.DispatchedAt == null && m.ParkedAt != null)
            .OrderBy(m => m.Id)
            .Select(m => new { m.Id, m.Body })
            .ToListAsync(cancellationToken);
        var models = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var row in parked)
        {
            if (OutboxOrderingKey.Of(row.Body) is { } model)
            {
                models.TryAdd(model, row.Id);
            }
        }
        return models;
    }

    async Task SampleLagIfDueAsync(TDbContext db, CancellationToken cancellationToken)
    {
        var now = UtcNow;
        if (now < _nextLagSample)
        {
            return;
        }
        _nextLagSample = now + _options.LagSampleInterval;
        metrics.RecordLag(OutboxName, await OutboxHealthCheck<TDbContext>.MeasureAsync(db, timeProvider, cancellationToken));
    }

    async Task CleanUpIfDueAsync(TDbContext db, CancellationToken cancellationToken)
    {
        var now = UtcNow;
        if (now < _nextCleanup)
        {
            return;
        }
        _nextCleanup = now + _options.CleanupInterval;

        var dispatchedBefore = now - _options.DispatchedRetention;
        var deleted = await db.Set<OutboxMessage>()
            .Where(m => m.DispatchedAt != null && m.DispatchedAt < dispatchedBefore)
            .ExecuteDeleteAsync(cancellationToken);
        var processedBefore = now - _options.InboxRetention;
        var inboxDeleted = await db.Set<Inbox.InboxMessage>()
            .Where(i => i.ProcessedAt < processedBefore)
            .ExecuteDeleteAsync(cancellationToken);
        if (deleted + inboxDeleted > 0)
        {
            logger.LogInformation("Outbox cleanup removed {OutboxRows} dispatched rows and {InboxRows} inbox rows", deleted, inboxDeleted);
        }
    }

    static string Truncate(string value) => value.Length <= 2000 ? value : value[..2000];

    enum RowOutcome
    {
        Delivered,
        Parked,
        Wait,
        HandOver,
    }

    /// <summary>The head row's failures, kept in memory: a new lease holder tries the head at once.</summary>
    sealed record HeadFailure(long RowId, int Failures, int Rejections, DateTime RetryAt, bool BusSawOutage);
}
