using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ModelRisk.Messaging.Inbox;
using ModelRisk.Messaging.Outbox;

namespace ModelRisk.Messaging;

/// <summary>
/// Base for idempotent consumers: the message id is recorded in <c>inbox_messages</c> in the same transaction as the
/// effect of <see cref="HandleAsync"/> (and any events it stages with <c>db.AddOutboxEvent</c>), so a duplicate id
/// has no second effect. A duplicate is acknowledged; any other failure propagates to retry and the error queue.
/// </summary>
public abstract class IdempotentConsumer<TMessage, TDbContext> : IConsumer<TMessage>
    where TMessage : class
    where TDbContext : DbContext
{
    const int MaxConsumerNameLength = 256;
    readonly TDbContext? _db;

    /// <summary>The DbContext is resolved from the message's service scope.</summary>
    protected IdempotentConsumer()
    {
    }

    protected IdempotentConsumer(TDbContext db) => _db = db;

    /// <summary>Part of the inbox key: two consumers of one message each handle it once.</summary>
    protected virtual string ConsumerName
    {
        get
        {
            var name = GetType().FullName ?? GetType().Name;
            return name.Length <= MaxConsumerNameLength ? name : name[^MaxConsumerNameLength..];
        }
    }

    protected abstract Task HandleAsync(ConsumeContext<TMessage> context, TDbContext db, CancellationToken cancellationToken);

    public async Task Consume(ConsumeContext<TMessage> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var messageId = context.MessageId
            ?? throw new InvalidOperationException($"{typeof(TMessage).Name} has no message id, so it cannot be deduplicated");
        var db = _db ?? context.GetServiceOrCreateInstance<TDbContext>();
        context.TryGetPayload<IServiceProvider>(out var services);
        var timeProvider = services?.GetService<TimeProvider>() ?? TimeProvider.System;
        var consumer = ConsumerName;

        var strategy = db.Database.CreateExecutionStrategy();
        var handled = await strategy.ExecuteAsync(
            async cancellationToken =>
            {
                db.ChangeTracker.Clear();
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                if (await IsRecordedAsync(db, messageId, consumer, cancellationToken))
                {
                    return false;
                }

                db.Set<InboxMessage>().Add(new InboxMessage
                {
                    MessageId = messageId,
                    Consumer = consumer,
                    ProcessedAt = timeProvider.GetUtcNow().UtcDateTime,
                });
                await HandleAsync(context, db, cancellationToken);
                try
                {
                    await db.SaveChangesAsync(cancellationToken);
                }
                catch (DbUpdateException)
                {
                    // Another replica may have handled the same message between our check and our insert.
                    await transaction.RollbackAsync(cancellationToken);
                    db.ChangeTracker.Clear();
                    if (await IsRecordedAsync(db, messageId, consumer, cancellationToken))
                    {
                        return false;
                    }
                    throw;
                }
                await transaction.CommitAsync(cancellationToken);
                return true;
            },
            context.CancellationToken);

        if (handled)
        {
            OutboxSignal.Notify();
        }
        else
        {
            var logger = services?.GetService<ILoggerFactory>()?.CreateLogger(GetType()) ?? NullLogger.Instance;
            logger.LogInformation("Message {MessageId} ({MessageType}) was already handled by {Consumer}; acknowledged without effect",
                messageId, typeof(TMessage).Name, consumer);
        }
    }

    static Task<bool> IsRecordedAsync(TDbContext db, Guid messageId, string consumer, CancellationToken cancellationToken) =>
        db.Set<InboxMessage>().AsNoTracking().AnyAsync(i => i.MessageId == messageId && i.Consumer == consumer, cancellationToken);
}
