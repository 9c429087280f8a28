using ModelRisk.TestSupport;
using System.Collections.Concurrent;
using System.Diagnostics;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModelRisk.Contracts.Inventory.V1;
using ModelRisk.Messaging.Outbox;
using ModelRisk.Messaging.Tests.Infrastructure;

namespace ModelRisk.Messaging.Tests;

public sealed class TraceIds
{
    public ConcurrentDictionary<string, string?> ByModel { get; } = new();
}

public sealed class UpdateTraceRecorder(TraceIds traces) : IConsumer<ModelUpdated>
{
    public Task Consume(ConsumeContext<ModelUpdated> context)
    {
        traces.ByModel.TryAdd(context.Message.ModelId, Activity.Current?.TraceId.ToString());
        return Task.CompletedTask;
    }
}

public sealed class TraceContinuityTests : IDisposable
{
    // What OpenTelemetry does in a service: listen to MassTransit's and our sources.
    readonly ActivityListener _listener = new()
    {
        ShouldListenTo = source => source.Name is "MassTransit" or "ModelRisk.Messaging",
        Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
    };

    public TraceContinuityTests() => ActivitySource.AddActivityListener(_listener);

    public void Dispose() => _listener.Dispose();

    [Fact]
    public async Task The_consumer_continues_the_trace_of_the_request_that_wrote_the_event()
    {
        using var database = await TestDatabase.CreateAsync();
        var traces = new TraceIds();
        await using var host = await HarnessHost.StartAsync(database, x => x.AddConsumer<UpdateTraceRecorder>(), services: s => s.AddSingleton(traces));

        string requestTraceId;
        using (var request = new Activity("PUT /api/inventory/models/m-1").SetIdFormat(ActivityIdFormat.W3C).Start())
        {
            requestTraceId = request.TraceId.ToString();
            await using var db = database.CreateContext();
            db.AddOutboxEvent(new ModelUpdated("traced", "org-a", "k", 2, ["name"], "alice", DateTimeOffset.UtcNow));
            await db.SaveChangesAsync();
        }

        await using (var db = database.CreateContext())
        {
            var row = await db.Set<OutboxMessage>().SingleAsync();
            Assert.Contains(requestTraceId, row.TraceParent, StringComparison.Ordinal);
        }
        await Wait.UntilAsync(() => traces.ByModel.ContainsKey("traced"), "the consumer receives the event");
        Assert.Equal(requestTraceId, traces.ByModel["traced"]);
    }
}
