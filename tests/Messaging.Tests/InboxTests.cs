using ModelRisk.TestSupport;
using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using MassTransit;
using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModelRisk.Contracts.Inventory.V1;
using ModelRisk.Messaging.Inbox;
using ModelRisk.Messaging.Outbox;
using ModelRisk.Messaging.Tests.Infrastructure;

namespace ModelRisk.Messaging.Tests;

/// <summary>Projects a registration into a row and announces it with an event through the outbox.</summary>
public sealed class RegistrationProjection : IdempotentConsumer<ModelRegistered, TestDbContext>
{
    protected override Task HandleAsync(ConsumeContext<ModelRegistered> context, TestDbContext db, CancellationToken cancellationToken)
    {
        db.Projections.Add(new ProjectionRow { ModelId = context.Message.ModelId });
        db.AddOutboxEvent(new ModelLifecycleChanged(context.Message.ModelId, context.Message.Org, "None", "Draft", null, "projection", DateTimeOffset.UtcNow));
        return Task.CompletedTask;
    }
}

public sealed class ConsumerCalls
{
    public ConcurrentQueue<Guid?> MessageIds { get; } = new();
}

/// <summary>Writes its effect, then fails: nothing of it may stay, and the message must not count as handled.</summary>
public sealed class FailingProjection(TestDbContext db, ConsumerCalls calls) : IdempotentConsumer<ModelVersionAdded, TestDbContext>(db)
{
    protected override Task HandleAsync(ConsumeContext<ModelVersionAdded> context, TestDbContext db, CancellationToken cancellationToken)
    {
        calls.MessageIds.Enqueue(context.MessageId);
        db.Projections.Add(new ProjectionRow { ModelId = context.Message.ModelId });
        throw new InvalidOperationException("projection store rejected the write");
    }
}

/// <summary>
/// Counts its handler calls: an effect outside the transaction (a mail, a call to another service) happens once per
/// call, so a duplicate must never reach the handler.
/// </summary>
public sealed class CountingProjection(ConsumerCalls calls) : IdempotentConsumer<ModelRegistered, TestDbContext>
{
    protected override Task HandleAsync(ConsumeContext<ModelRegistered> context, TestDbContext db, CancellationToken cancellationToken)
    {
        calls.MessageIds.Enqueue(context.MessageId);
        db.Projections.Add(new ProjectionRow { ModelId = context.Message.ModelId });
        return Task.CompletedTask;
    }
}

/// <summary>
/// Makes the next inbox check answer "not handled yet", as it does for a replica that checked a moment before another
/// replica committed the same message: the two then race into the insert. SQLite takes its write lock at BEGIN, so two
/// real consumers on one file never reach that point together; this puts the loser exactly there.
/// </summary>
public sealed class InboxCheckRace : DbCommandInterceptor
{
    int _armed;

    public void LoseNextCheck() => Volatile.Write(ref _armed, 1);

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        if (command.CommandText.Contains("FROM \"inbox_messages\"", StringComparison.Ordinal)
            && command.CommandText.Contains("EXISTS", StringComparison.Ordinal)
            && Interlocked.Exchange(ref _armed, 0) == 1)
        {
            command.CommandText = "SELECT 0";
        }
        return ValueTask.FromResult(result);
    }
}

public sealed class InboxTests
{
    static bool AcknowledgedAsDuplicate(HarnessHost host, Guid messageId) =>
        host.Logs.Logs.Any(l => l.Message.Contains($"Message {messageId}", StringComparison.Ordinal) && l.Message.Contains("already handled", StringComparison.Ordinal));

    [Fact]
    public async Task A_duplicate_delivered_after_the_first_never_reaches_the_handler()
    {
        using var database = await TestDatabase.CreateAsync();
        var calls = new ConsumerCalls();
        await using var host = await HarnessHost.StartAsync(
            database,
            x => x.AddConsumer<CountingProjection>(),
            services: s => s.AddSingleton(calls));
        var messageId = NewId.NextGuid();

        await host.Harness.Bus.Publish(OutboxTests.Registered("twice"), c => c.MessageId = messageId);
        await Wait.UntilAsync(async () =>
        {
            await using var db = database.CreateContext();
            return await db.Set<InboxMessage>().AnyAsync(i => i.MessageId == messageId);
        }, "the first copy is handled and committed");
        await host.Harness.Bus.Publish(OutboxTests.Registered("twice"), c => c.MessageId = messageId);
        await Wait.UntilAsync(() => AcknowledgedAsDuplicate(host, messageId), "the second copy is acknowledged as a duplicate");

        Assert.Single(calls.MessageIds, id => id == messageId);
        await using var check = database.CreateContext();
        Assert.Single(await check.Projections.Where(p => p.ModelId == "twice").ToListAsync());
    }

    [Fact]
    public async Task A_copy_that_loses_the_race_into_the_inbox_is_acknowledged_not_faulted_and_has_no_effect()
    {
        using var database = await TestDatabase.CreateAsync();
        var calls = new ConsumerCalls();
        var race = new InboxCheckRace();
        await using var host = await HarnessHost.StartAsync(
            database,
            x => x.AddConsumer<CountingProjection>(),
            // No retries: a loser that threw would fault at once instead of being rescued by a retry's inbox check.
            configure: o => o.RetryLimit = 0,
            services: s => s.AddSingleton(calls).ConfigureDbContext<TestDbContext>(o => o.AddInterceptors(race)));
        var consumer = host.Harness.GetConsumerHarness<CountingProjection>();
        var messageId = NewId.NextGuid();
        await host.Harness.Bus.Publish(OutboxTests.Registered("raced"), c => c.MessageId = messageId);
        await Wait.UntilAsync(async () =>
        {
            await using var db = database.CreateContext();
            return await db.Set<InboxMessage>().AnyAsync(i => i.MessageId == messageId);
        }, "the winning copy is committed");

        // The second copy checked the inbox just before the winner committed: it runs its handler and then hits the inbox key.
        race.LoseNextCheck();
        await host.Harness.Bus.Publish(OutboxTests.Registered("raced"), c => c.MessageId = messageId);

        await Wait.UntilAsync(
            () => AcknowledgedAsDuplicate(host, messageId) || host.Harness.Published.Select<Fault<ModelRegistered>>().Any(),
            "the losing copy is finished");
        Assert.Equal(2, calls.MessageIds.Count(id => id == messageId));
        Assert.DoesNotContain(consumer.Consumed.Select<ModelRegistered>(), c => c.Exception is not null);
        Assert.True(AcknowledgedAsDuplicate(host, messageId));
        Assert.Empty(host.Harness.Published.Select<Fault<ModelRegistered>>());
        await using var check = database.CreateContext();
        // The loser's effect rolled back with its inbox row: one effect in all.
        Assert.Single(await check.Projections.Where(p => p.ModelId == "raced").ToListAsync());
        Assert.Single(await check.Set<InboxMessage>().Where(i => i.MessageId == messageId).ToListAsync());
    }

    [Fact]
    public async Task A_duplicate_message_id_has_one_effect()
    {
        using var database = await TestDatabase.CreateAsync();
        await using var host = await HarnessHost.StartAsync(database, x => x.AddConsumer<RegistrationProjection>());
        var messageId = NewId.NextGuid();
        var message = OutboxTests.Registered("dup-1");

        await host.Harness.Bus.Publish(message, c => c.MessageId = messageId);
        await host.Harness.Bus.Publish(message, c => c.MessageId = messageId);

        // The harness lists a message id once, so the second delivery is observed through the consumer's log line.
        await Wait.UntilAsync(() => host.Logs.Logs.Any(l => l.Message.Contains($"Message {messageId}", StringComparison.Ordinal) && l.Message.Contains("already handled", StringComparison.Ordinal)), "the second copy is acknowledged as a duplicate");
        var consumer = host.Harness.GetConsumerHarness<RegistrationProjection>();
        Assert.DoesNotContain(consumer.Consumed.Select<ModelRegistered>(), c => c.Exception is not null);

        await using var db = database.CreateContext();
        Assert.Single(await db.Projections.Where(p => p.ModelId == "dup-1").ToListAsync());
        var inbox = Assert.Single(await db.Set<InboxMessage>().ToListAsync());
        Assert.Equal(messageId, inbox.MessageId);
        Assert.Equal(typeof(RegistrationProjection).FullName, inbox.Consumer);
        // The event the consumer staged rode the same transaction, once, and is dispatched.
        Assert.Single(await db.Set<OutboxMessage>().ToListAsync());
        Assert.True(await host.Harness.Published.Any<ModelLifecycleChanged>(p => p.Context.Message.ModelId == "dup-1"));
    }

    [Fact]
    public async Task A_message_already_in_the_inbox_is_acknowledged_without_effect()
    {
        using var database = await TestDatabase.CreateAsync();
        var messageId = NewId.NextGuid();
        await using (var db = database.CreateContext())
        {
            // As if another replica handled it just before.
            db.Set<InboxMessage>().Add(new InboxMessage { MessageId = messageId, Consumer = typeof(RegistrationProjection).FullName!, ProcessedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
        }
        await using var host = await HarnessHost.StartAsync(database, x => x.AddConsumer<RegistrationProjection>());

        await host.Harness.Bus.Publish(OutboxTests.Registered("seen"), c => c.MessageId = messageId);

        var consumer = host.Harness.GetConsumerHarness<RegistrationProjection>();
        Assert.True(await consumer.Consumed.Any<ModelRegistered>(c => c.Context.MessageId == messageId));
        Assert.DoesNotContain(consumer.Consumed.Select<ModelRegistered>(), c => c.Exception is not null);
        await using var check = database.CreateContext();
        Assert.Empty(await check.Projections.ToListAsync());
        Assert.Empty(await check.Set<OutboxMessage>().ToListAsync());
    }

    [Fact]
    public async Task A_consumer_that_throws_is_retried_then_faults_and_leaves_no_effect()
    {
        using var database = await TestDatabase.CreateAsync();
        var calls = new ConsumerCalls();
        await using var host = await HarnessHost.StartAsync(
            database,
            x => x.AddConsumer<FailingProjection>(),
            services: s => s.AddSingleton(calls));
        var messageId = NewId.NextGuid();

        await host.Harness.Bus.Publish(
            new ModelVersionAdded("fails", "org-a", "v-1", "1.0.0", "s3://models/fails/1", null, "alice", DateTimeOffset.UtcNow),
            c => c.MessageId = messageId);

        Assert.True(await host.Harness.Published.Any<Fault<ModelVersionAdded>>(f => f.Context.Message.FaultedMessageId == messageId));
        // RetryLimit = 2 in the test options: the first delivery and two retries.
        Assert.Equal(3, calls.MessageIds.Count(id => id == messageId));
        var consumer = host.Harness.GetConsumerHarness<FailingProjection>();
        Assert.True(await consumer.Consumed.Any<ModelVersionAdded>(c => c.Context.MessageId == messageId && c.Exception is not null));

        await using var db = database.CreateContext();
        Assert.Empty(await db.Projections.ToListAsync());
        Assert.Empty(await db.Set<InboxMessage>().ToListAsync());
    }

    [Fact]
    public async Task With_delayed_redelivery_on_each_redelivery_gets_its_own_retries_before_the_fault()
    {
        using var database = await TestDatabase.CreateAsync();
        var calls = new ConsumerCalls();
        await using var host = await HarnessHost.StartAsync(
            database,
            x => x.AddConsumer<FailingProjection>(),
            configure: o =>
            {
                o.RetryLimit = 1;
                o.DelayedRedelivery = true;
                o.RedeliveryIntervals = [TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(10)];
            },
            services: s => s.AddSingleton(calls));
        var messageId = NewId.NextGuid();

        await host.Harness.Bus.Publish(
            new ModelVersionAdded("redelivered", "org-a", "v-1", "1.0.0", "s3://models/r/1", null, "alice", DateTimeOffset.UtcNow),
            c => c.MessageId = messageId);

        Assert.True(await host.Harness.Published.Any<Fault<ModelVersionAdded>>(f => f.Context.Message.FaultedMessageId == messageId));
        // Three deliveries (the first and two redeliveries), each tried twice (RetryLimit = 1).
        Assert.Equal(6, calls.MessageIds.Count(id => id == messageId));
    }
}
