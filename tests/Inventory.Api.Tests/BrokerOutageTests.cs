using System.Diagnostics;
using System.Net;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ModelRisk.Contracts.Inventory.V1;
using ModelRisk.Inventory.Data;
using ModelRisk.Inventory.Tests.Infrastructure;
using ModelRisk.Messaging;
using ModelRisk.Messaging.Outbox;
using ModelRisk.TestSupport;

namespace ModelRisk.Inventory.Tests;

/// <summary>
/// RabbitMQ goes down while models are being registered and comes back: the API stays ready (degraded), every event
/// is delivered once the broker is back, and a consumer behind the inbox applies each exactly once. The test runs a
/// broker node of its own (scripts/rabbitmq.sh), because it stops it; the shared test node is never touched.
/// </summary>
public sealed class BrokerOutageTests : IAsyncLifetime
{
    const int Models = 1000;
    readonly string _directory = Path.Combine(Path.GetTempPath(), $"broker-outage-{Guid.NewGuid():N}");
    RabbitNode _broker = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        _broker = await RabbitNode.StartAsync(Path.Combine(_directory, "rabbit"));
    }

    public async Task DisposeAsync()
    {
        await _broker.StopAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task Every_registration_made_during_a_broker_outage_is_delivered_and_applied_exactly_once()
    {
        var service = $"outage-{Guid.NewGuid():N}"[..16];
        using var downstream = await RegistrationReadModel.StartAsync(_broker.ConnectionString, service + "-read", Path.Combine(_directory, "read.db"));
        await using var inventory = new RealBrokerInventory(_broker.ConnectionString, service, Path.Combine(_directory, "inventory.db"));
        await using (var scope = inventory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<InventoryDbContext>().Database.MigrateAsync();
        }
        var org = Api.NewOrg("outage");
        var owner = inventory.CreateClient().WithToken(TestIdentity.ModelOwner(org));

        var registered = new List<string>(Models);
        registered.AddRange(await RegisterAsync(owner, org, Models * 3 / 10));
        var stopping = _broker.StopAsync();
        registered.AddRange(await RegisterAsync(owner, org, Models * 3 / 10));
        await stopping;

        registered.AddRange(await RegisterAsync(owner, org, Models - registered.Count));

        // The broker is down: the API kept serving, and it stays ready while saying why it is degraded.
        await Wait.UntilAsync(async () => await HealthAsync(inventory) is (HttpStatusCode.OK, "Degraded"), "/health reports the outage as Degraded", TimeSpan.FromSeconds(30));
        Assert.True(await inventory.PendingAsync() > 0, "events wait in the outbox during the outage");

        await _broker.RestartAsync();

        await Wait.UntilAsync(async () => await downstream.AppliedCountAsync(org) >= Models, $"the read model has applied all {Models} registrations", TimeSpan.FromSeconds(60));
        var applied = await downstream.AppliedAsync(org);
        Assert.Equal(registered.Order(StringComparer.Ordinal), applied.Order(StringComparer.Ordinal));
        await Wait.UntilAsync(async () => await inventory.PendingAsync() == 0, "every outbox row is marked dispatched");
        Assert.Equal(0, await inventory.QueryAsync(db => db.Set<OutboxMessage>().CountAsync(m => m.ParkedAt != null)));
        await Wait.UntilAsync(async () => await HealthAsync(inventory) is (HttpStatusCode.OK, "Healthy"), "/health is healthy again", TimeSpan.FromSeconds(30));
    }

    static async Task<string[]> RegisterAsync(HttpClient owner, string org, int count)
    {
        // A few at a time, as concurrent users would.
        var ids = new string[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, _) =>
            ids[i] = (await owner.RegisterModelAsync(org)).Id);
        return ids;
    }

    static async Task<(HttpStatusCode, string)> HealthAsync(WebApplicationFactory<Program> inventory)
    {
        using var response = await inventory.CreateClient().GetAsync("/health");
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Inventory with the real RabbitMQ transport (the shared factory swaps in the test harness).</summary>
    sealed class RealBrokerInventory(string rabbitMq, string serviceName, string databasePath) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("Database:Provider", "Sqlite");
            builder.UseSetting("ConnectionStrings:inventory-db", $"Data Source={databasePath};Pooling=False");
            builder.UseSetting("ConnectionStrings:rabbitmq", rabbitMq);
            builder.UseSetting("Messaging:ServiceName", serviceName);
            // A thousand registrations: logging every SQL command would cost more than the test itself.
            builder.UseSetting("Logging:LogLevel:Microsoft.EntityFrameworkCore", "Warning");
            builder.UseSetting("Messaging:Outbox:PollInterval", "00:00:00.100");
            // A publish to a stopped broker waits for a connection until this timeout; production's 10 s would only slow the test.
            builder.UseSetting("Messaging:Outbox:PublishTimeout", "00:00:02");
            foreach (var (key, value) in TestIdentity.HostConfiguration)
            {
                builder.UseSetting(key, value);
            }
            builder.ConfigureTestServices(services =>
            {
                TestIdentity.TrustTestKey(services);
                services.Configure<MassTransitHostOptions>(o => o.StopTimeout = TimeSpan.FromSeconds(10));
            });
        }

        public async Task<T> QueryAsync<T>(Func<InventoryDbContext, Task<T>> query)
        {
            await using var scope = Services.CreateAsyncScope();
            return await query(scope.ServiceProvider.GetRequiredService<InventoryDbContext>());
        }

        public Task<int> PendingAsync() => QueryAsync(db => db.Set<OutboxMessage>().CountAsync(m => m.DispatchedAt == null));
    }
}

/// <summary>A downstream service's read model of registrations: one row per registration it applied, behind the inbox.</summary>
public sealed class RegistrationReadModel : IDisposable
{
    readonly IHost _host;
    readonly string _connectionString;

    RegistrationReadModel(IHost host, string connectionString)
    {
        _host = host;
        _connectionString = connectionString;
    }

    public static async Task<RegistrationReadModel> StartAsync(string rabbitMq, string serviceName, string databasePath)
    {
        var connectionString = $"Data Source={databasePath};Pooling=False";
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:rabbitmq"] = rabbitMq,
            ["Messaging:ServiceName"] = serviceName,
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Warning",
        });
        builder.Services.AddDbContext<ReadModelDbContext>(o => o.UseSqlite(connectionString));
        builder.AddPlatformMessaging<ReadModelDbContext>(serviceName, x => x.AddConsumer<RegistrationApplier>());
        // Its queue must exist before Inventory publishes, or the first events have nowhere to go.
        builder.Services.Configure<MassTransitHostOptions>(o =>
        {
            o.WaitUntilStarted = true;
            o.StartTimeout = TimeSpan.FromSeconds(30);
            o.StopTimeout = TimeSpan.FromSeconds(10);
        });
        var host = builder.Build();
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ReadModelDbContext>();
            await db.Database.EnsureCreatedAsync();
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        }
        await host.StartAsync();
        return new RegistrationReadModel(host, connectionString);
    }

    ReadModelDbContext Open() => new(new DbContextOptionsBuilder<ReadModelDbContext>().UseSqlite(_connectionString).Options);

    public async Task<int> AppliedCountAsync(string org)
    {
        await using var db = Open();
        return await db.Applied.CountAsync(a => a.Org == org);
    }

    /// <summary>Every application of a registration, duplicates included.</summary>
    public async Task<List<string>> AppliedAsync(string org)
    {
        await using var db = Open();
        return await db.Applied.Where(a => a.Org == org).Select(a => a.ModelId).ToListAsync();
    }

    public void Dispose()
    {
        _host.StopAsync().GetAwaiter().GetResult();
        _host.Dispose();
    }
}

public sealed class AppliedRegistration
{
    public long Id { get; set; }

    public required string ModelId { get; set; }

    public required string Org { get; set; }
}

public sealed class ReadModelDbContext(DbContextOptions<ReadModelDbContext> options) : DbContext(options)
{
    public DbSet<AppliedRegistration> Applied => Set<AppliedRegistration>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        // No unique key on the model id: a second application must show up as a second row, not be stopped here.
        modelBuilder.Entity<AppliedRegistration>().ToTable("applied_registrations");
        modelBuilder.AddOutboxAndInbox();
    }
}

public sealed class RegistrationApplier : IdempotentConsumer<ModelRegistered, ReadModelDbContext>
{
    protected override Task HandleAsync(ConsumeContext<ModelRegistered> context, ReadModelDbContext db, CancellationToken cancellationToken)
    {
        db.Applied.Add(new AppliedRegistration { ModelId = context.Message.ModelId, Org = context.Message.Org });
        return Task.CompletedTask;
    }
}

/// <summary>A RabbitMQ node of the test's own, run by scripts/rabbitmq.sh in a folder of its own, on a free port.</summary>
public sealed class RabbitNode
{
    readonly string _directory;
    readonly int _port;

    RabbitNode(string directory, int port)
    {
        _directory = directory;
        _port = port;
    }

    public string ConnectionString => $"amqp://guest:guest@127.0.0.1:{_port}/";

    public static async Task<RabbitNode> StartAsync(string directory)
    {
        // Away from the test script's node (5682-5691) and the end-to-end suite's (5702-5901).
        for (var attempt = 0; ; attempt++)
        {
            var node = new RabbitNode(directory, 6000 + Random.Shared.Next(0, 900));
            var (exitCode, output) = await node.RunAsync("start");
            if (exitCode == 0)
            {
                return node;
            }
            // 3: the port is taken by someone else; try another.
            if (exitCode != 3 || attempt == 5)
            {
                throw new InvalidOperationException($"scripts/rabbitmq.sh start failed ({exitCode}): {output}");
            }
        }
    }

    public async Task StopAsync() => await RunAsync("stop");

    public async Task RestartAsync()
    {
        var (exitCode, output) = await RunAsync("start");
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"scripts/rabbitmq.sh start failed ({exitCode}): {output}");
        }
    }

    async Task<(int ExitCode, string Output)> RunAsync(string command)
    {
        var start = new ProcessStartInfo("bash", [RepositoryFiles.Path("scripts/rabbitmq.sh"), command])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["MRP_RABBIT_DIR"] = _directory, ["MRP_RABBIT_PORT"] = _port.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not run bash");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }
}
