using ModelRisk.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using ModelRisk.Messaging.Outbox;
using ModelRisk.Messaging.Tests.Infrastructure;

namespace ModelRisk.Messaging.Tests;

public sealed class LeaseAndReplicaTests
{
    static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task The_lease_is_held_by_one_replica_until_it_expires_or_is_released()
    {
        using var database = await TestDatabase.CreateAsync();
        await using var a = database.CreateContext();
        await using var b = database.CreateContext();

        Assert.True(await OutboxLeases.TryAcquireAsync(a, "lease", "replica-a", LeaseDuration, default));
        Assert.False(await OutboxLeases.TryAcquireAsync(b, "lease", "replica-b", LeaseDuration, default));
        Assert.True(await OutboxLeases.TryAcquireAsync(a, "lease", "replica-a", LeaseDuration, default));

        await OutboxLeases.ReleaseAsync(a, "lease", "replica-a", default);
        Assert.True(await OutboxLeases.TryAcquireAsync(b, "lease", "replica-b", TimeSpan.FromMilliseconds(200), default));
        Assert.False(await OutboxLeases.TryAcquireAsync(a, "lease", "replica-a", LeaseDuration, default));

        // Expiry is on the database's clock, so the test waits for it rather than handing in a time.
        await Wait.UntilAsync(() => OutboxLeases.TryAcquireAsync(a, "lease", "replica-a", LeaseDuration, default), "b's short lease expires and a takes it");
        Assert.False(await OutboxLeases.TryAcquireAsync(b, "lease", "replica-b", LeaseDuration, default));
    }

    [Fact]
    public async Task A_replica_whose_clock_runs_ahead_does_not_take_a_live_lease()
    {
        using var database = await TestDatabase.CreateAsync();
        var recorder = new PublishRecorder();
        await using var host = await HarnessHost.StartAsync(database, recorder: recorder);
        await Wait.UntilAsync(async () => await LeaseHolderAsync(database) == host.Dispatcher.InstanceId, "the first replica holds the lease");
        // The second replica's clock is ten minutes ahead, far more than the 30 s lease: on its own clock the lease has lapsed.
        var skewed = host.CreateDispatcher(new FakeTimeProvider(DateTimeOffset.UtcNow.AddMinutes(10)));

        Assert.False(await skewed.DispatchOnceAsync(default));

        Assert.Equal(host.Dispatcher.InstanceId, await LeaseHolderAsync(database));
    }

    [Fact]
    public async Task Replicas_racing_for_a_free_lease_get_exactly_one_holder()
    {
        using var database = await TestDatabase.CreateAsync();
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(async i =>
        {
            await Task.Yield();
            await using var db = database.CreateContext();
            return await OutboxLeases.TryAcquireAsync(db, "race", $"replica-{i}", LeaseDuration, default);
        }));

        Assert.Single(results, won => won);
        await using var check = database.CreateContext();
        Assert.Single(await check.Set<OutboxLease>().Where(l => l.Name == "race").ToListAsync());
    }

    [Fact]
    public async Task Two_replicas_on_one_database_deliver_each_row_exactly_once_and_in_order()
    {
        using var database = await TestDatabase.CreateAsync();
        var recorder = new PublishRecorder();
        var replicaA = await HarnessHost.StartAsync(database, recorder: recorder);
        var replicaB = await HarnessHost.StartAsync(database, recorder: recorder);
        try
        {
            var firstHalf = await WriteEventsAsync(database, "a", 12);
            await Wait.UntilAsync(() => firstHalf.All(recorder.Published.Contains), "the first events are published");

            // The holder stops (a rolling deploy); it gives up the lease and the other replica carries on.
            var holder = await LeaseHolderAsync(database);
            var (stopping, remaining) = holder == replicaA.Dispatcher.InstanceId ? (replicaA, replicaB) : (replicaB, replicaA);
            Assert.Equal(holder, stopping.Dispatcher.InstanceId);
            await stopping.StopAsync();

            var secondHalf = await WriteEventsAsync(database, "b", 12);
            await Wait.UntilAsync(() => secondHalf.All(recorder.Published.Contains), "the later events are published");
            Assert.Equal(remaining.Dispatcher.InstanceId, await LeaseHolderAsync(database));

            var expected = firstHalf.Concat(secondHalf).ToArray();
            Assert.Equal(expected, recorder.Published.Where(expected.Contains).ToArray());
        }
        finally
        {
            await replicaA.DisposeAsync();
            await replicaB.DisposeAsync();
        }
    }

    static async Task<string[]> WriteEventsAsync(TestDatabase database, string prefix, int count)
    {
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            await using var db = database.CreateContext();
            db.Models.Add(new ModelRow { Id = $"{prefix}-{i}", Key = $"{prefix}-{i}" });
            db.AddOutboxEvent(OutboxTests.Registered($"{prefix}-{i}"));
            await db.SaveChangesAsync();
            ids.Add($"{prefix}-{i}");
        }
        return [.. ids];
    }

    static async Task<string?> LeaseHolderAsync(TestDatabase database)
    {
        await using var db = database.CreateContext();
        return await db.Set<OutboxLease>().Where(l => l.Name == OutboxLeases.DefaultName).Select(l => l.Holder).SingleOrDefaultAsync();
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 100)]
    [InlineData(2, 200)]
    [InlineData(3, 400)]
    [InlineData(5, 1600)]
    [InlineData(6, 2000)]
    [InlineData(1000, 2000)]
    public void Backoff_doubles_from_the_base_and_is_capped(int attempts, int expectedMilliseconds)
    {
        var delay = OutboxBackoff.Delay(attempts, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(2));
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMilliseconds), delay);
    }
}
