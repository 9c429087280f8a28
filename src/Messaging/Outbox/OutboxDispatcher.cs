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
/// the lease dispatches. A failed publish is retried with capped exponential backoff and nothing behind it goes first.
/// Delivery is at least once (a crash between publish and marking the row republishes it); the row's message id
/// travels as the MassTransit MessageId so inboxes downstream drop the duplicate.
/// </summary>
public sealed class OutboxDispatcher<TDbContext>(
    IServiceScopeFactory scopeFactory,
    IBus bus,
    MessageTypeRegistry registry,
    IOptions<MessagingOptions> options,
    TimeProvider timeProvider,
    ILogger<OutboxDispatcher<TDbContext>> logger) : BackgroundService
    where TDbContext : DbContext
{
    static readonly ActivitySource Source = new("ModelRisk.Messaging");
    static readonly TimeSpan MaxErrorPollInterval = TimeSpan.FromSeconds(30);

    readonly OutboxOptions _options = options.Value.Outbox;
    DateTime _leaseRenewDue = DateTime.MinValue;
    DateTime _nextCleanup = DateTime.MinValue;

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
                logger.LogError(ex, "Outbox dispatch round for {DbContext} failed ({Failures} in a row)", typeof(TDbContext).Name, consecutiveErrors);
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
        await using var scope = scopeFactory.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDbContext>();

        if (!await RenewLeaseAsync(db, cancellationToken))
        {
            return false;
        }

        await CleanUpIfDueAsync(db, cancellationToken);

        var rows = await db.Set<OutboxMessage>()
            .Where(m => m.DispatchedAt == null && m.ParkedAt == null)
            .OrderBy(m => m.Id)
            .Take(_options.BatchSize)
            .ToListAsync(cancellationToken);

        try
        {
            foreach (var row in rows)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    return false;
                }
                if (UtcNow >= _leaseRenewDue && !await RenewLeaseAsync(db, cancellationToken))
                {
                    return false;
                }
                if (row.NextAttemptAt is { } due && due > UtcNow)
                {
                    // The head of the line is backing off; later rows wait behind it to keep the order.
                    return false;
                }
                if (!await DispatchRowAsync(row))
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
        }
    }

    async Task<bool> RenewLeaseAsync(TDbContext db, CancellationToken cancellationToken)
    {
        var now = UtcNow;
        if (!await OutboxLeases.TryAcquireAsync(db, OutboxLeases.DefaultName, InstanceId, now, _options.LeaseDuration, cancellationToken))
        {
            _leaseRenewDue = DateTime.MinValue;
            return false;
        }
        // Renew well before expiry so the lease never lapses while this replica is publishing.
        _leaseRenewDue = now + _options.LeaseDuration / 3;
        return true;
    }

    /// <summary>Delivers one row and records the outcome on it; false when it failed and the rows behind it must wait.</summary>
    async Task<bool> DispatchRowAsync(OutboxMessage row)
    {
        if (!registry.TryResolve(row.MessageType, out var type))
        {
            var error = $"Unknown message type '{row.MessageType}': not in the contract registry of this build";
            if (UtcNow - row.OccurredAt < _options.UnknownTypeGracePeriod)
            {
                // A newer replica may know it (rolling deploy): hold the line for a while.
                RecordFailure(row, error);
                return false;
            }
            Park(row, error);
            return true;
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
            return true;
        }

        // Once a publish has started it is finished even when the host is stopping: cancelling it halfway would leave
        // a row that may have gone out but is not marked, and the next holder would send it again.
        try
        {
            await PublishAsync(row, type, message);
        }
        catch (Exception ex)
        {
            RecordFailure(row, $"{ex.GetType().Name}: {ex.Message}");
            logger.LogWarning(ex, "Publishing outbox row {OutboxId} ({MessageType}, message {MessageId}) failed on attempt {Attempts}; next attempt at {NextAttemptAt:o}",
                row.Id, row.MessageType, row.MessageId, row.Attempts, row.NextAttemptAt);
            return false;
        }

        row.Attempts++;
        row.DispatchedAt = UtcNow;
        row.NextAttemptAt = null;
        return true;
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

    void RecordFailure(OutboxMessage row, string error)
    {
        row.Attempts++;
        row.LastError = Truncate(error);
        row.NextAttemptAt = UtcNow + OutboxBackoff.Delay(row.Attempts, _options.RetryBaseDelay, _options.RetryMaxDelay);
    }

    // Skipping a poison row is a deliberate trade: it can never be delivered by this build, and holding the line
    // would stop every later event of the service (all downstream views go stale) for a row that needs a person anyway.
    // The row is kept with its error, not deleted; an operator fixes it and clears parked_at to send it (then out of order).
    void Park(OutboxMessage row, string error)
    {
        row.Attempts++;
        row.LastError = Truncate(error);
        row.ParkedAt = UtcNow;
        logger.LogError("Parked outbox row {OutboxId} (message {MessageId}, type {MessageType}); later events continue. {Error}",
            row.Id, row.MessageId, row.MessageType, error);
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
}
