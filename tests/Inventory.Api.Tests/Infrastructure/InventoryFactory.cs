using MassTransit;
using MassTransit.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModelRisk.Inventory.Data;
using ModelRisk.ServiceKit.Data;
using ModelRisk.TestSupport;

namespace ModelRisk.Inventory.Tests.Infrastructure;

/// <summary>
/// The Inventory service in memory: SQLite in a temp file of its own, the real JwtBearer trusting the test key,
/// and the MassTransit test harness in place of RabbitMQ. Call <see cref="InitializeAsync"/> (migrates) before use.
/// </summary>
public class InventoryFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly IReadOnlyDictionary<string, string?> _settings;
    private readonly string _databasePath = Path.Combine(Path.GetTempPath(), $"inventory-tests-{Guid.NewGuid():N}.db");

    public InventoryFactory()
        : this(new Dictionary<string, string?>())
    {
    }

    /// <summary>A factory with settings of its own (a small import limit, anonymous docs), for the tests that need them.</summary>
    protected InventoryFactory(IReadOnlyDictionary<string, string?> settings) => _settings = settings;

    public static InventoryFactory With(IReadOnlyDictionary<string, string?> settings) => new(settings);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Provider", "Sqlite");
        // Pooling off so the file can be deleted when the factory is disposed.
        builder.UseSetting("ConnectionStrings:inventory-db", $"Data Source={_databasePath};Pooling=False");
        foreach (var (key, value) in TestIdentity.HostConfiguration)
        {
            builder.UseSetting(key, value);
        }
        builder.UseSetting("Messaging:Outbox:PollInterval", "00:00:00.050");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureTestServices(services =>
        {
            TestIdentity.TrustTestKey(services);
            // The suite runs longer than the harness' default 30 s test timeout; events are awaited with our own deadlines.
            services.AddMassTransitTestHarness(x => x.SetTestTimeouts(testTimeout: TimeSpan.FromMinutes(30)));
            services.AddSingleton(Consumed);
            services.AddConsumeObserver(_ => Consumed);
            services.ConfigureDbContext<SqliteInventoryDbContext>(options => options.AddInterceptors(ConcurrentWriter, DatabaseFaults));
        });
    }

    public Task InitializeAsync() => ServiceDatabase.MigrateAsync<InventoryDbContext>(Services);

    public HttpClient ClientWithToken(string token) => CreateClient().WithToken(token);

    public ITestHarness Harness => Services.GetRequiredService<ITestHarness>();

    /// <summary>Every finished delivery to Inventory's consumers, per message id.</summary>
    public ConsumeCounter Consumed { get; } = new();

    /// <summary>Makes another writer change a model between a request's read and its save.</summary>
    public ConcurrentWriter ConcurrentWriter { get; } = new();

    /// <summary>Makes the database refuse a model's next save, with a race or with a fault that is no race.</summary>
    public DatabaseFaults DatabaseFaults { get; } = new();

    /// <summary>Runs a query against the service's database through a scoped context, as the service itself would.</summary>
    public async Task<T> QueryAsync<T>(Func<InventoryDbContext, Task<T>> query)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InventoryDbContext>();
        return await query(db);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
        foreach (var path in new[] { _databasePath, _databasePath + "-wal", _databasePath + "-shm" })
        {
            try
            {
                File.Delete(path);
            }
            catch (IOException)
            {
            }
        }
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();
}

/// <summary>One service instance shared by every integration test class; tests keep apart by unique orgs and keys.</summary>
[CollectionDefinition(Name)]
public sealed class InventoryCollection : ICollectionFixture<InventoryFactory>
{
    public const string Name = "inventory";
}
