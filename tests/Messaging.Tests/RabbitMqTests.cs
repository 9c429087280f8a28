using ModelRisk.TestSupport;
using System.Collections.Concurrent;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using ModelRisk.Contracts.Inventory.V1;
using ModelRisk.Messaging.Outbox;
using ModelRisk.Messaging.Tests.Infrastructure;

namespace ModelRisk.Messaging.Tests;

public sealed class BrokerDeliveries
{
    public ConcurrentDictionary<string, Guid?> Registered { get; } = new();

    public ConcurrentQueue<string> PoisonAttempts { get; } = new();
}

public sealed class RegistrationListener(BrokerDeliveries deliveries) : IConsumer<ModelRegistered>
{
    public Task Consume(ConsumeContext<ModelRegistered> context)
    {
        deliveries.Registered.TryAdd(context.Message.ModelId, context.MessageId);
        return Task.CompletedTask;
    }
}

public sealed class RiskTierRejecter(BrokerDeliveries deliveries) : IConsumer<RiskTierChanged>
{
    public Task Consume(ConsumeContext<RiskTierChanged> context)
    {
        deliveries.PoisonAttempts.Enqueue(context.Message.ModelId);
        throw new InvalidOperationException($"cannot apply tier change for {context.Message.ModelId}");
    }
}

/// <summary>Against the real RabbitMQ started by the test script; every run uses its own queue names and deletes them.</summary>
public sealed class RabbitMqTests : IDisposable
{
    readonly RabbitMqBroker _broker = new();
    readonly string _service = $"mrp-test-{Guid.NewGuid():N}"[..20];

    public void Dispose() => _broker.Dispose();

    async Task<IHost> StartServiceAsync(TestDatabase database, BrokerDeliveries deliveries, Action<IBusRegistrationConfigurator> consumers)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:rabbitmq"] = _broker.ConnectionString,
            ["Messaging:ServiceName"] = _service,
            ["Messaging:RetryLimit"] = "2",
            ["Messaging:RetryMinInterval"] = "00:00:00.010",
            ["Messaging:RetryMaxInterval"] = "00:00:00.050",
            ["Messaging:RetryIntervalDelta"] = "00:00:00.010",
            ["Messaging:Outbox:PollInterval"] = "00:00:00.200",
        });
        builder.Services.AddDbContext<TestDbContext>(database.Configure);
        builder.Services.AddSingleton(deliveries);
        builder.AddPlatformMessaging<TestDbContext>("test-service", consumers);
        // The queues must exist before the test publishes, or the event has nowhere to go.
        builder.Services.Configure<MassTransitHostOptions>(o =>
        {
            o.WaitUntilStarted = true;
            o.StartTimeout = TimeSpan.FromSeconds(30);
            o.StopTimeout = TimeSpan.FromSeconds(30);
        });
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    static string QueueOf<TConsumer>(IHost host) where TConsumer : class, IConsumer =>
        host.Services.GetRequiredService<IEndpointNameFormatter>().Consumer<TConsumer>();

    [Fact]
    public async Task An_outbox_event_reaches_a_consumer_through_RabbitMQ_on_a_quorum_queue()
    {
        using var database = await TestDatabase.CreateAsync();
        var deliveries = new BrokerDeliveries();
        var host = await StartServiceAsync(database, deliveries, x => x.AddConsumer<RegistrationListener>());
        var queue = QueueOf<RegistrationListener>(host);
        try
        {
            Assert.StartsWith(_service + "-", queue, StringComparison.Ordinal);
            var health = await host.Services.GetRequiredService<HealthCheckService>()
                .CheckHealthAsync(r => r.Tags.Contains(ServiceDefaultsExtensions.ReadinessTag));
            Assert.Equal(HealthStatus.Healthy, health.Status);
            Assert.Contains(health.Entries, e => e.Value.Tags.Contains("masstransit"));

            var modelId = $"model-{Guid.NewGuid():N}";
            await using (var db = database.CreateContext())
            {
                db.Models.Add(new ModelRow { Id = modelId, Key = modelId });
                db.AddOutboxEvent(OutboxTests.Registered(modelId));
                await db.SaveChangesAsync();
            }

            await Wait.UntilAsync(() => deliveries.Registered.ContainsKey(modelId), "the consumer receives the event through RabbitMQ");
            await using (var db = database.CreateContext())
            {
                var row = await db.Set<OutboxMessage>().SingleAsync();
                Assert.Equal(row.MessageId, deliveries.Registered[modelId]);
            }

            var described = await _broker.GetQueueAsync(queue);
            Assert.NotNull(described);
            Assert.Equal("quorum", described.Value.GetProperty("type").GetString());
            Assert.True(described.Value.GetProperty("durable").GetBoolean());
        }
        finally
        {
            await host.StopAsync();
            host.Dispose();
            await _broker.DeleteEndpointAsync(queue);
        }
    }

    [Fact]
    public async Task A_poison_message_ends_in_the_error_queue_after_its_retries()
    {
        using var database = await TestDatabase.CreateAsync();
        var deliveries = new BrokerDeliveries();
        var host = await StartServiceAsync(database, deliveries, x => x.AddConsumer<RiskTierRejecter>());
        var queue = QueueOf<RiskTierRejecter>(host);
        try
        {
            var modelId = $"model-{Guid.NewGuid():N}";
            await host.Services.GetRequiredService<IBus>()
                .Publish(new RiskTierChanged(modelId, "org-a", "Tier2", "Tier1", "material model", "alice", DateTimeOffset.UtcNow));

            await Wait.UntilAsync(
                async () => (await _broker.PeekAsync(queue + "_error")).Any(p => p.Contains(modelId, StringComparison.Ordinal)),
                "the message is in the error queue");
            // The first delivery and RetryLimit (2) retries, and no more: it was not acknowledged as handled.
            Assert.Equal(3, deliveries.PoisonAttempts.Count(id => id == modelId));
            Assert.DoesNotContain(await _broker.PeekAsync(queue), p => p.Contains(modelId, StringComparison.Ordinal));
        }
        finally
        {
            await host.StopAsync();
            host.Dispose();
            await _broker.DeleteEndpointAsync(queue);
        }
    }
}
