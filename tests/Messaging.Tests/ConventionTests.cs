using ModelRisk.TestSupport;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using ModelRisk.Contracts.Inventory.V1;
using ModelRisk.Messaging.Outbox;
using ModelRisk.Messaging.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ModelRisk.Messaging.Tests;

public sealed class ConventionTests
{
    [Fact]
    public void The_registry_holds_the_contract_records_and_nothing_else()
    {
        var types = MessageTypeRegistry.Default.Types;

        Assert.Contains(typeof(ModelRegistered), types);
        Assert.Contains(typeof(RiskTierChanged), types);
        Assert.All(types, t => Assert.StartsWith("ModelRisk.Contracts.", t.Namespace, StringComparison.Ordinal));
        // Generated gRPC messages live in the same assembly but are not event contracts.
        Assert.DoesNotContain(types, t => t.Namespace!.Contains(".Grpc.", StringComparison.Ordinal));
        Assert.False(MessageTypeRegistry.Default.TryResolve("System.Diagnostics.Process", out _));
    }

    [Fact]
    public void Endpoint_names_are_kebab_case_and_prefixed_by_the_service()
    {
        using var provider = new ServiceCollection()
            .AddMassTransitTestHarness(x =>
            {
                x.AddPlatformConventions(new MessagingOptions(), "inventory");
                x.AddConsumer<RegistrationProjection>();
            })
            .BuildServiceProvider();

        var formatter = provider.GetRequiredService<IEndpointNameFormatter>();

        Assert.Equal("inventory-registration-projection", formatter.Consumer<RegistrationProjection>());
    }

    [Fact]
    public async Task An_unreachable_broker_degrades_readiness_but_does_not_fail_it()
    {
        using var database = await TestDatabase.CreateAsync();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing" });
        // Nothing listens on port 1: the broker is down for the whole test.
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:rabbitmq"] = "amqp://guest:guest@127.0.0.1:1/" });
        builder.Services.AddDbContext<TestDbContext>(database.Configure);
        builder.AddPlatformMessaging<TestDbContext>("test-service");
        builder.Services.Configure<MassTransitHostOptions>(o => o.StopTimeout = TimeSpan.FromSeconds(5));
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var health = host.Services.GetRequiredService<HealthCheckService>();

            var report = await health.CheckHealthAsync(r => r.Tags.Contains(ServiceDefaultsExtensions.ReadinessTag));

            // Degraded answers 200 on /health: the replica stays in service and the outbox holds the events meanwhile.
            var bus = Assert.Single(report.Entries, e => e.Value.Tags.Contains("masstransit"));
            Assert.Equal(HealthStatus.Degraded, bus.Value.Status);
            Assert.Contains(report.Entries, e => e.Value.Tags.Contains("outbox"));
            Assert.Equal(HealthStatus.Degraded, report.Status);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task A_service_wired_with_AddPlatformMessaging_can_swap_in_the_test_harness()
    {
        using var database = await TestDatabase.CreateAsync();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Messaging:ServiceName"] = "inventory",
            ["Messaging:RetryLimit"] = "1",
            ["Messaging:RetryMinInterval"] = "00:00:00.010",
            ["Messaging:RetryMaxInterval"] = "00:00:00.050",
            ["Messaging:Outbox:PollInterval"] = "00:00:00.100",
        });
        builder.Services.AddDbContext<TestDbContext>(database.Configure);
        builder.AddPlatformMessaging<TestDbContext>("test-service", x => x.AddConsumer<RegistrationProjection>());
        // What a service's WebApplicationFactory test does: no broker, no connection string.
        builder.Services.AddMassTransitTestHarness(x => x.SetTestTimeouts(testInactivityTimeout: TimeSpan.FromSeconds(10)));
        await using var provider = builder.Services.BuildServiceProvider();
        var harness = provider.GetRequiredService<ITestHarness>();
        await harness.Start();
        try
        {
            Assert.Equal("inventory-registration-projection", harness.EndpointNameFormatter.Consumer<RegistrationProjection>());
            Assert.Equal(1, provider.GetRequiredService<IOptions<MessagingOptions>>().Value.RetryLimit);

            await using (var db = database.CreateContext())
            {
                db.AddOutboxEvent(OutboxTests.Registered("wired"));
                await db.SaveChangesAsync();
            }

            // The dispatcher publishes, the consumer projects and announces through the outbox in turn.
            await Wait.UntilAsync(async () =>
            {
                await using var db = database.CreateContext();
                var row = await db.Set<OutboxMessage>().FirstAsync();
                return row.DispatchedAt is not null || row.LastError is not null;
            }, "the first row is dispatched");
            await using (var db = database.CreateContext())
            {
                Assert.Null((await db.Set<OutboxMessage>().FirstAsync()).LastError);
            }
            Assert.True(await harness.Published.Any<ModelRegistered>(p => p.Context.Message.ModelId == "wired"));
            Assert.True(await harness.Published.Any<ModelLifecycleChanged>(p => p.Context.Message.ModelId == "wired"));
            await Wait.UntilAsync(async () =>
            {
                await using var db = database.CreateContext();
                return await db.Set<OutboxMessage>().CountAsync(m => m.DispatchedAt != null) == 2;
            }, "both outbox rows are dispatched");
        }
        finally
        {
            await harness.Stop();
        }
    }
}
