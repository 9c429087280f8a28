using MassTransit;
using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using ModelRisk.Contracts.Inventory.V1;
using ModelRisk.Messaging.Outbox;
using ModelRisk.Messaging.Tests.Infrastructure;

namespace ModelRisk.Messaging.Tests;

public sealed class OutboxTests
{
    internal static ModelRegistered Registered(string modelId) =>
        new(modelId, "org-a", $"key-{modelId}", "Credit scorecard", "Scorecard", "alice", "Draft", "Tier2", "alice", DateTimeOffset.UtcNow);

    static async Task<List<OutboxMessage>> OutboxRowsAsync(TestDatabase database)
    {
        await using var db = database.CreateContext();
        return await db.Set<OutboxMessage>().AsNoTracking().OrderBy(m => m.Id).ToListAsync();
    }

    [Fact]
    public async Task Event_is_stored_by_the_same_SaveChanges_as_the_state_change()
    {
        using var database = await TestDatabase.CreateAsync();
        await using (var db = database.CreateContext())
        {
            db.Models.Add(new ModelRow { Id = "m-1", Key = "k-1" });
            db.AddOutboxEvent(Registered("m-1"));
            await db.SaveChangesAsync();
        }

        await using var check = database.CreateContext();
        Assert.Equal(1, await check.Models.CountAsync());
        var row = Assert.Single(await OutboxRowsAsync(database));
        Assert.Equal(typeof(ModelRegistered).FullName, row.MessageType);
        Assert.Contains("\"modelId\":\"m-1\"", row.Body, StringComparison.Ordinal);
        Assert.NotEqual(Guid.Empty, row.MessageId);
        Assert.Null(row.DispatchedAt);
    }

    [Fact]
    public async Task A_failed_SaveChanges_stores_neither_the_state_change_nor_the_event()
    {
        using var database = await TestDatabase.CreateAsync();
        await using (var db = database.CreateContext())
        {
            db.Models.Add(new ModelRow { Id = "m-1", Key = "taken" });
            await db.SaveChangesAsync();
        }

        await using (var db = database.CreateContext())
        {
            db.Models.Add(new ModelRow { Id = "m-2", Key = "taken" });
            db.AddOutboxEvent(Registered("m-2"));
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        }

        await using var check = database.CreateContext();
        Assert.Equal(["m-1"], await check.Models.Select(m => m.Id).ToListAsync());
        Assert.Empty(await OutboxRowsAsync(database));
    }

    [Fact]
    public async Task Only_registered_contract_types_can_be_staged()
    {
        using var database = await TestDatabase.CreateAsync();
        await using var db = database.CreateContext();

        Assert.Throws<ArgumentException>(() => db.AddOutboxEvent(new NotAContract("x")));
    }

    [Fact]
    public async Task Dispatcher_publishes_the_event_with_the_rows_message_id_and_marks_it_dispatched()
    {
        using var database = await TestDatabase.CreateAsync();
        await using var host = await HarnessHost.StartAsync(database);

        await using (var db = database.CreateContext())
        {
            db.Models.Add(new ModelRow { Id = "m-1", Key = "k-1" });
            db.AddOutboxEvent(Registered("m-1"));
            await db.SaveChangesAsync();
        }
        var row = Assert.Single(await OutboxRowsAsync(database));

        Assert.True(await host.Harness.Published.Any<ModelRegistered>(p => p.Context.Message.ModelId == "m-1"));
        var published = host.Harness.Published.Select<ModelRegistered>(p => p.Context.Message.ModelId == "m-1").First();
        Assert.Equal(row.MessageId, published.Context.MessageId);
        Assert.Equal("Credit scorecard", published.Context.Message.Name);

        await Wait.UntilAsync(async () => (await OutboxRowsAsync(database)).Single().DispatchedAt is not null, "the row is marked dispatched");
    }

    [Fact]
    public async Task A_broker_failure_is_retried_with_backoff_and_later_events_wait_their_turn()
    {
        using var database = await TestDatabase.CreateAsync();
        // The broker refuses the first three publishes; the head of the line (the first row) is what they hit.
        var failures = 0;
        var recorder = new PublishRecorder { ShouldFail = _ => Interlocked.Increment(ref failures) <= 3 };
        await using var host = await HarnessHost.StartAsync(database, recorder: recorder);

        await using (var db = database.CreateContext())
        {
            db.AddOutboxEvent(Registered("first"));
            db.AddOutboxEvent(Registered("second"));
            await db.SaveChangesAsync();
        }
        await Wait.UntilAsync(() => recorder.Published.Contains("second"), "the second event is published");

        Assert.Equal(["first", "second"], recorder.Published.ToArray());
        Assert.Equal(["first", "first", "first"], recorder.Failed.ToArray());

        await Wait.UntilAsync(async () => (await OutboxRowsAsync(database)).All(r => r.DispatchedAt is not null), "both rows are marked dispatched");
        var firstRow = (await OutboxRowsAsync(database))[0];
        Assert.Equal(4, firstRow.Attempts);
        Assert.Contains("simulated broker failure", firstRow.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_row_with_an_unknown_type_is_parked_with_its_error_and_later_rows_still_go()
    {
        using var database = await TestDatabase.CreateAsync();
        await using var host = await HarnessHost.StartAsync(database, configure: o => o.Outbox.UnknownTypeGracePeriod = TimeSpan.Zero);

        await using (var db = database.CreateContext())
        {
            db.Set<OutboxMessage>().Add(new OutboxMessage
            {
                MessageId = Guid.NewGuid(),
                MessageType = "System.Diagnostics.Process",
                Body = "{}",
                OccurredAt = DateTime.UtcNow,
            });
            await db.SaveChangesAsync();
            db.AddOutboxEvent(Registered("after-poison"));
            await db.SaveChangesAsync();
        }

        Assert.True(await host.Harness.Published.Any<ModelRegistered>(p => p.Context.Message.ModelId == "after-poison"));
        // The round's outcomes are written together once it ends.
        await Wait.UntilAsync(async () => (await OutboxRowsAsync(database)).All(r => r.ParkedAt is not null || r.DispatchedAt is not null), "the round is recorded");
        var poison = (await OutboxRowsAsync(database))[0];
        Assert.NotNull(poison.ParkedAt);
        Assert.Null(poison.DispatchedAt);
        Assert.Contains("Unknown message type 'System.Diagnostics.Process'", poison.LastError, StringComparison.Ordinal);
        Assert.Contains(host.Logs.Logs, l => l.Level == LogLevel.Error && l.Message.Contains("Parked outbox row", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Within_the_grace_period_an_unknown_type_holds_the_line()
    {
        using var database = await TestDatabase.CreateAsync();
        var recorder = new PublishRecorder();
        await using var host = await HarnessHost.StartAsync(database, configure: o => o.Outbox.UnknownTypeGracePeriod = TimeSpan.FromHours(1), recorder: recorder);

        await using (var db = database.CreateContext())
        {
            db.Set<OutboxMessage>().Add(new OutboxMessage
            {
                MessageId = Guid.NewGuid(),
                MessageType = "ModelRisk.Contracts.Inventory.V9.FromTheFuture",
                Body = "{}",
                OccurredAt = DateTime.UtcNow,
            });
            await db.SaveChangesAsync();
            db.AddOutboxEvent(Registered("behind-unknown"));
            await db.SaveChangesAsync();
        }

        await Wait.UntilAsync(async () => (await OutboxRowsAsync(database))[0].Attempts >= 2, "the unknown row has been retried");
        var rows = await OutboxRowsAsync(database);
        Assert.Null(rows[0].ParkedAt);
        Assert.Null(rows[1].DispatchedAt);
        Assert.Empty(recorder.Published);
    }

    [Fact]
    public async Task An_unreadable_body_is_parked()
    {
        using var database = await TestDatabase.CreateAsync();
        await using var host = await HarnessHost.StartAsync(database);

        await using (var db = database.CreateContext())
        {
            db.Set<OutboxMessage>().Add(new OutboxMessage
            {
                MessageId = Guid.NewGuid(),
                MessageType = typeof(ModelRegistered).FullName!,
                Body = "{not json",
                OccurredAt = DateTime.UtcNow,
            });
            await db.SaveChangesAsync();
            db.AddOutboxEvent(Registered("after-garbage"));
            await db.SaveChangesAsync();
        }

        Assert.True(await host.Harness.Published.Any<ModelRegistered>(p => p.Context.Message.ModelId == "after-garbage"));
        await Wait.UntilAsync(async () => (await OutboxRowsAsync(database)).All(r => r.ParkedAt is not null || r.DispatchedAt is not null), "the round is recorded");
        var garbage = (await OutboxRowsAsync(database))[0];
        Assert.NotNull(garbage.ParkedAt);
        Assert.Contains("Unreadable body", garbage.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dispatched_rows_older_than_the_retention_are_deleted()
    {
        using var database = await TestDatabase.CreateAsync();
        await using (var db = database.CreateContext())
        {
            db.AddOutboxEvent(Registered("old"));
            await db.SaveChangesAsync();
            await db.Set<OutboxMessage>().ExecuteUpdateAsync(s => s.SetProperty(m => m.DispatchedAt, DateTime.UtcNow.AddDays(-30)));
            db.AddOutboxEvent(Registered("fresh"));
            await db.SaveChangesAsync();
        }

        await using var host = await HarnessHost.StartAsync(database);

        await Wait.UntilAsync(async () => (await OutboxRowsAsync(database)).Count == 1, "the old dispatched row is deleted");
        Assert.True(await host.Harness.Published.Any<ModelRegistered>(p => p.Context.Message.ModelId == "fresh"));
    }

    [Fact]
    public async Task A_SaveChanges_wakes_the_dispatcher_without_waiting_for_the_next_poll()
    {
        using var database = await TestDatabase.CreateAsync();
        // With an hour between polls, only the in-process signal can explain a prompt delivery.
        await using var host = await HarnessHost.StartAsync(
            database,
            x => x.AddConsumer<RegistrationProjection>(),
            configure: o => o.Outbox.PollInterval = TimeSpan.FromHours(1));
        await Wait.UntilAsync(async () =>
        {
            await using var db = database.CreateContext();
            return await db.Set<OutboxLease>().AnyAsync(l => l.Holder == host.Dispatcher.InstanceId);
        }, "the dispatcher finished its first round");

        await using (var db = database.CreateContext())
        {
            db.AddOutboxEvent(Registered("prompt"));
            await db.SaveChangesAsync();
        }

        Assert.True(await host.Harness.Published.Any<ModelRegistered>(p => p.Context.Message.ModelId == "prompt"));
        // The consumer's own event is signalled after its transaction commits.
        Assert.True(await host.Harness.Published.Any<ModelLifecycleChanged>(p => p.Context.Message.ModelId == "prompt"));
    }

    sealed record NotAContract(string Value);
}
