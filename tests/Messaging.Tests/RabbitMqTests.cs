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

    public ConcurrentQueue<string> WorkItems { get; } = new();
}

public sealed class RegistrationListener(BrokerDeliveries deliveries) : IConsumer<ModelRegistered>
{
    public Task Consume(ConsumeContext<ModelRegistered> context)
    {
        deliveries.Registered.TryAdd(context.Message.ModelId, context.MessageId);
        return Task.CompletedTask;
    }
}

/// <summary>A job for a work queue (message types need a namespace; this one is the test assembly's).</summary>
public sealed record WorkItem(string Id);

public sealed class WorkItemWorker(BrokerDeliveries deliveries) : IConsumer<WorkItem>
{
    public Task Consume(ConsumeContext<WorkItem> context)
    {
        deliveries.WorkItems.Enqueue(context.Message.Id);
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
        var host = BuildService(database, deliveries, consumers);
        await host.StartAsync();
        return host;
    }

    IHost BuildService(TestDatabase database, BrokerDeliveries deliveries, Action<IBusRegistrationConfigurator> consumers,
        string? connectionString = null, string? serviceName = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:rabbitmq"] = connectionString ?? _broker.ConnectionString,
            ["Messaging:ServiceName"] = serviceName ?? _service,
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
        return builder.Build();
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

    [Fact]
    public async Task A_job_published_before_any_worker_exists_waits_in_the_work_queue_the_publisher_declared()
    {
        var queue = $"{_service}-work";
        IReadOnlyList<Type> jobs = [typeof(WorkItem)];
        using var publisherDb = await TestDatabase.CreateAsync();
        using var workerDb = await TestDatabase.CreateAsync();
        var deliveries = new BrokerDeliveries();
        // Every host lives to the end of the test: MassTransit's log context outlives a disposed host within one process.
        var hosts = new List<IHost>();
        try
        {
            // No consumer of the queue has ever started: without the publisher's declaration the exchange would drop the job.
            var first = $"job-{Guid.NewGuid():N}";
            var publisher = await StartServiceAsync(publisherDb, deliveries, x => x.PublishesTo(queue, jobs));
            hosts.Add(publisher);
            await publisher.Services.GetRequiredService<IBus>().Publish(new WorkItem(first));

            var declared = await _broker.GetQueueAsync(queue);
            Assert.NotNull(declared);
            Assert.Equal("quorum", declared.Value.GetProperty("type").GetString());
            Assert.True(declared.Value.GetProperty("durable").GetBoolean());
            await Wait.UntilAsync(async () => (await _broker.PeekAsync(queue)).Any(p => p.Contains(first, StringComparison.Ordinal)),
                "the job waits in the queue");

            // The worker's own declaration of the same queue matches the publisher's (RabbitMQ refuses a redeclaration
            // with other arguments), and it receives the job that waited.
            hosts.Add(await StartServiceAsync(workerDb, deliveries, x => x.AddConsumer<WorkItemWorker>().Endpoint(e =>
            {
                e.Name = queue;
                e.ConcurrentMessageLimit = 1;
            })));
            await Wait.UntilAsync(() => deliveries.WorkItems.Contains(first), "the worker receives the job published before it existed");

            // A publisher that starts while the worker's queue exists declares it again without a conflict. Its route
            // (message exchange → queue) and the worker's (message exchange → endpoint exchange → queue) both lead to the
            // queue, which still gets each job once: the sentinel, consumed after any duplicate would be, shows it.
            var second = $"job-{Guid.NewGuid():N}";
            var sentinel = $"job-{Guid.NewGuid():N}";
            var again = await StartServiceAsync(publisherDb, deliveries, x => x.PublishesTo(queue, jobs));
            hosts.Add(again);
            await again.Services.GetRequiredService<IBus>().Publish(new WorkItem(second));
            await again.Services.GetRequiredService<IBus>().Publish(new WorkItem(sentinel));
            await Wait.UntilAsync(() => deliveries.WorkItems.Contains(sentinel), "the worker receives the next jobs");
            Assert.Equal([first, second, sentinel], deliveries.WorkItems.ToArray());
        }
        finally
        {
            foreach (var host in Enumerable.Reverse(hosts))
            {
                await host.StopAsync();
            }
            foreach (var host in hosts)
            {
                host.Dispose();
            }
            await _broker.DeleteEndpointAsync(queue);
        }
    }

    [Fact]
    public async Task The_started_check_fails_until_the_bus_has_bound_its_queues_and_then_holds()
    {
        using var database = await TestDatabase.CreateAsync();
        var deliveries = new BrokerDeliveries();
        var host = BuildService(database, deliveries, x => x.AddConsumer<RegistrationListener>());
        var queue = QueueOf<RegistrationListener>(host);
        var health = host.Services.GetRequiredService<HealthCheckService>();
        static bool Startup(HealthCheckRegistration r) => r.Tags.Contains(ServiceDefaultsExtensions.StartupTag);
        try
        {
            var before = await health.CheckHealthAsync(Startup);
            Assert.Equal(HealthStatus.Unhealthy, before.Entries[BusStartedHealthCheck.Name].Status);

            await host.StartAsync();
            var started = await health.CheckHealthAsync(Startup);
            Assert.Equal(HealthStatus.Healthy, started.Entries[BusStartedHealthCheck.Name].Status);
            Assert.NotNull(await _broker.GetQueueAsync(queue));

            // Once started it stays so: a later outage is the bus check's to report, not a reason to hold the platform back.
            await host.StopAsync();
            var stopped = await health.CheckHealthAsync(Startup);
            Assert.Equal(HealthStatus.Healthy, stopped.Entries[BusStartedHealthCheck.Name].Status);
        }
        finally
        {
            host.Dispose();
            await _broker.DeleteEndpointAsync(queue);
        }
    }

    /// <summary>
    /// The cluster's broker definitions (k8s/components/rabbitmq/20-permissions.json) let each service reach only its
    /// own queues and the message exchanges; a publisher of worker jobs must also be allowed to declare and bind the
    /// workers' queue, or every job it publishes fails in the cluster while it works here as guest.
    /// </summary>
    [Theory]
    [InlineData("assessment")]
    [InlineData("monitoring")]
    public async Task A_job_publisher_holding_only_its_cluster_permissions_declares_the_work_queue_and_its_job_lands_there(string service)
    {
        var permissions = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(RepositoryFiles.Path("k8s/components/rabbitmq/20-permissions.json")))!["permissions"]!
            .AsArray().Single(p => p!["user"]!.GetValue<string>() == service)!;
        var virtualHost = $"perm-{Guid.NewGuid():N}"[..16];
        var user = $"{service}-{Guid.NewGuid():N}"[..24];
        var connection = await _broker.CreateUserInVirtualHostAsync(virtualHost, user,
            permissions["configure"]!.GetValue<string>(), permissions["write"]!.GetValue<string>(), permissions["read"]!.GetValue<string>());
        using var database = await TestDatabase.CreateAsync();
        IHost? publisher = null;
        try
        {
            publisher = BuildService(database, new BrokerDeliveries(), x => x.PublishesTo(ModelRisk.Contracts.WorkerJobs.Queue, ModelRisk.Contracts.WorkerJobs.MessageTypes),
                connection, service);
            await publisher.StartAsync();
            var spec = new ModelRisk.Contracts.Validation.V1.ValidationRunSpec("datasets/a/b", "Csv", null, null, "score", "label", null, [], 0.5, "plan: {}");
            // A refused declaration makes the publish fail or hang, not succeed: bound it so the test fails in time.
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await publisher.Services.GetRequiredService<IBus>().Publish(new ModelRisk.Contracts.Validation.V1.PlanValidationRun("run-1", "acme", spec, DateTimeOffset.UtcNow),
                timeout.Token);

            await Wait.UntilAsync(async () => await _broker.MessagesInAsync(virtualHost, ModelRisk.Contracts.WorkerJobs.Queue) == 1,
                $"the job waits in {ModelRisk.Contracts.WorkerJobs.Queue}, declared by {service} with its own permissions");
        }
        finally
        {
            if (publisher is not null)
            {
                await publisher.StopAsync();
            }
            await _broker.DeleteUserAndVirtualHostAsync(virtualHost, user);
        }
    }
}
