using ModelRisk.TestSupport;
using MassTransit;
using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
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
    public async Task A_replica_that_does_not_know_a_rows_type_leaves_it_and_the_lease_to_one_that_does()
    {
        using var database = await TestDatabase.CreateAsync();
        var recorder = new PublishRecorder();
        await using var host = await HarnessHost.StartAsync(database, recorder: recorder, runDispatcher: false);
        // During a rolling deploy: the old build lacks ModelLifecycleChanged, which a new replica already wrote.
        var oldBuild = MessageTypeRegistry.Of(MessageTypeRegistry.Default.Types.Where(t => t != typeof(ModelLifecycleChanged)));
        var oldReplica = host.CreateDispatcher(oldBuild);
        var newReplica = host.CreateDispatcher();
        await using (var db = database.CreateContext())
        {
            db.AddOutboxEvent(new ModelLifecycleChanged("m-new", "org-a", "Draft", "InReview", null, "alice", DateTimeOffset.UtcNow));
            db.AddOutboxEvent(Registered("m-later"));
            await db.SaveChangesAsync();
        }

        Assert.False(await oldReplica.DispatchOnceAsync(default));

        var rows = await OutboxRowsAsync(database);
        Assert.All(rows, r => Assert.Null(r.ParkedAt));
        Assert.All(rows, r => Assert.Null(r.DispatchedAt));
        Assert.Contains("left for a replica that knows it", rows[0].LastError, StringComparison.Ordinal);
        Assert.Empty(recorder.Published);
        await using (var db = database.CreateContext())
        {
            Assert.Null(await db.Set<OutboxLease>().Select(l => l.Holder).SingleAsync());
        }
        // It keeps away from the lease for a while, so the newer replica gets it rather than losing the race to it.
        Assert.False(await oldReplica.DispatchOnceAsync(default));

        await newReplica.DispatchOnceAsync(default);

        Assert.All(await OutboxRowsAsync(database), r => Assert.NotNull(r.DispatchedAt));
        Assert.True(await host.Harness.Published.Any<ModelLifecycleChanged>(p => p.Context.Message.ModelId == "m-new"));
        Assert.Equal(["m-later"], recorder.Published.ToArray());
    }

    [Fact]
    public async Task A_row_the_broker_keeps_refusing_is_parked_with_the_rest_of_its_model_and_other_models_go_on()
    {
        using var database = await TestDatabase.CreateAsync();
        // The broker is reachable (the in-memory bus is healthy) but refuses this one model's registration every time.
        var recorder = new PublishRecorder { ShouldFail = modelId => modelId == "refused" };
        await using var host = await HarnessHost.StartAsync(database, recorder: recorder, configure: o => o.Outbox.MaxRejections = 3);

        await using (var db = database.CreateContext())
        {
            db.AddOutboxEvent(Registered("refused"));
            db.AddOutboxEvent(new ModelLifecycleChanged("refused", "org-a", "Draft", "InReview", null, "alice", DateTimeOffset.UtcNow));
            db.AddOutboxEvent(Registered("other"));
            await db.SaveChangesAsync();
        }

        await Wait.UntilAsync(() => recorder.Published.Contains("other"), "the other model's event is delivered");
        await Wait.UntilAsync(async () => (await OutboxRowsAsync(database)).All(r => r.ParkedAt is not null || r.DispatchedAt is not null), "the round is recorded");
        var rows = await OutboxRowsAsync(database);
        Assert.Equal(3, recorder.Failed.Count);
        Assert.NotNull(rows[0].ParkedAt);
        Assert.Contains("Refused 3 times", rows[0].LastError, StringComparison.Ordinal);
        // The later event of the same model stays behind it, so that model's events are never delivered out of order.
        Assert.NotNull(rows[1].ParkedAt);
        Assert.Contains($"Held behind parked outbox row {rows[0].Id}", rows[1].LastError, StringComparison.Ordinal);
        Assert.DoesNotContain(host.Harness.Published.Select<ModelLifecycleChanged>(), p => p.Context.Message.ModelId == "refused");
        Assert.NotNull(rows[2].DispatchedAt);

        // A later event of the parked model is held too; one of another model is not.
        await using (var db = database.CreateContext())
        {
            db.AddOutboxEvent(new RiskTierChanged("refused", "org-a", "Tier2", "Tier1", "material", "alice", DateTimeOffset.UtcNow));
            db.AddOutboxEvent(Registered("another"));
            await db.SaveChangesAsync();
        }
        await Wait.UntilAsync(() => recorder.Published.Contains("another"), "the next model's event is delivered");
        await Wait.UntilAsync(async () => (await OutboxRowsAsync(database)).All(r => r.ParkedAt is not null || r.DispatchedAt is not null), "the round is recorded");
        Assert.NotNull((await OutboxRowsAsync(database))[3].ParkedAt);
    }

    [Fact]
    public async Task After_an_outage_the_head_row_goes_as_soon_as_the_broker_is_back_not_when_its_backoff_ends()
    {
        using var database = await TestDatabase.CreateAsync();
        var brokerUp = false;
        var recorder = new PublishRecorder { ShouldFail = _ => !Volatile.Read(ref brokerUp) };
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await HarnessHost.StartAsync(
            database,
            recorder: recorder,
            configure: o =>
            {
                o.Outbox.RetryBaseDelay = TimeSpan.FromSeconds(1);
                o.Outbox.RetryMaxDelay = TimeSpan.FromMinutes(5);
            },
            runDispatcher: false);
        var dispatcher = host.CreateDispatcher(clock, new BrokerReachability(() => Volatile.Read(ref brokerUp)));
        await using (var db = database.CreateContext())
        {
            db.AddOutboxEvent(Registered("waited-out-the-outage"));
            await db.SaveChangesAsync();
        }

        // Ten failed attempts during the outage, each after its backoff: the next one is still due later.
        for (var attempt = 1; attempt <= 10; attempt++)
        {
            await dispatcher.DispatchOnceAsync(default);
            clock.Advance(OutboxBackoff.Delay(attempt, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5)));
        }
        await dispatcher.DispatchOnceAsync(default);
        var row = Assert.Single(await OutboxRowsAsync(database));
        Assert.Equal(11, row.Attempts);
        Assert.True(row.NextAttemptAt > clock.GetUtcNow().UtcDateTime);
        Assert.Null(row.ParkedAt);

        Volatile.Write(ref brokerUp, true);
        await dispatcher.DispatchOnceAsync(default);

        Assert.Equal(["waited-out-the-outage"], recorder.Published.ToArray());
        Assert.NotNull(Assert.Single(await OutboxRowsAsync(database)).DispatchedAt);
    }

    [Fact]
    public async Task A_connection_failure_never_parks_a_row_and_is_retried_at_least_every_outage_interval()
    {
        using var database = await TestDatabase.CreateAsync();
        // A publish-only bus does not report the broker down: only the failure itself says it could not connect.
        var recorder = new PublishRecorder { ShouldFail = _ => true, Failure = () => new ConnectionException("broker unreachable") };
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await HarnessHost.StartAsync(
            database,
            recorder: recorder,
            configure: o =>
            {
                o.Outbox.MaxRejections = 2;
                o.Outbox.RetryBaseDelay = TimeSpan.FromSeconds(1);
                o.Outbox.RetryMaxDelay = TimeSpan.FromMinutes(5);
                o.Outbox.OutageRetryInterval = TimeSpan.FromSeconds(5);
            },
            runDispatcher: false);
        var dispatcher = host.CreateDispatcher(clock);
        await using (var db = database.CreateContext())
        {
            db.AddOutboxEvent(Registered("outage"));
            await db.SaveChangesAsync();
        }

        for (var attempt = 1; attempt <= 10; attempt++)
        {
            await dispatcher.DispatchOnceAsync(default);
            var row = Assert.Single(await OutboxRowsAsync(database));
            Assert.Null(row.ParkedAt);
            Assert.Equal(attempt, row.Attempts);
            Assert.True(row.NextAttemptAt <= clock.GetUtcNow().UtcDateTime.AddSeconds(5), $"attempt {attempt} waits at most the outage interval");
            clock.Advance(TimeSpan.FromSeconds(5));
        }
    }

    [Fact]
    public async Task Outbox_lag_is_a_metric_and_a_health_warning_never_a_failure()
    {
        using var database = await TestDatabase.CreateAsync();
        await using var host = await HarnessHost.StartAsync(database, runDispatcher: false);
        await using (var db = database.CreateContext())
        {
            db.AddOutboxEvent(Registered("late"), new FakeTimeProvider(DateTimeOffset.UtcNow.AddMinutes(-5)));
            db.AddOutboxEvent(Registered("recent"));
            await db.SaveChangesAsync();
        }
        using var listener = new MetricsListener(host.Services.GetRequiredService<OutboxMetrics>());

        await using var scope = host.Services.CreateAsyncScope();
        var check = ActivatorUtilities.CreateInstance<OutboxHealthCheck<TestDbContext>>(scope.ServiceProvider);
        var result = await check.CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Degraded, result.Status);
        Assert.Equal(2L, result.Data["pending"]);
        Assert.InRange((double)result.Data["oldestPendingAgeSeconds"], 299, 400);
        Assert.Equal(2, listener.Gauge("modelrisk.outbox.pending"));
        Assert.InRange(listener.Gauge("modelrisk.outbox.oldest_pending_age"), 299, 400);
        Assert.Equal(0, listener.Gauge("modelrisk.outbox.parked"));
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
