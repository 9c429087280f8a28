using MassTransit;
using MassTransit.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModelRisk.Assessment.Data;
using ModelRisk.Contracts.Grpc.Inventory.V1;
using ModelRisk.ServiceKit.Data;
using ModelRisk.TestSupport;

namespace ModelRisk.Assessment.Tests.Infrastructure;

/// <summary>
/// The Assessment service in memory: SQLite in a temp file, the real JwtBearer trusting the test key, the MassTransit
/// test harness in place of RabbitMQ, and <see cref="FakeInventory"/> in place of Inventory's gRPC endpoint.
/// </summary>
public sealed class AssessmentFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"assessment-tests-{Guid.NewGuid():N}");

    public FakeInventory Inventory { get; } = new();

    /// <summary>Settings over the defaults below, for a test class that needs a service configured its own way.</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();

    /// <summary>The local dataset store's directory.</summary>
    public string DatasetRoot => Path.Combine(_directory, "datasets");

    /// <summary>Every file in the dataset store, temporary uploads included, relative to its root.</summary>
    public IReadOnlyList<string> StoredDatasetFiles() => Directory.Exists(DatasetRoot)
        ? [.. Directory.EnumerateFiles(DatasetRoot, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(DatasetRoot, f))]
        : [];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        Directory.CreateDirectory(_directory);
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Provider", "Sqlite");
        builder.UseSetting("ConnectionStrings:assessment-db", $"Data Source={Path.Combine(_directory, "assessment.db")};Pooling=False");
        builder.UseSetting("DecisionLog:GenerateDevelopmentKey", "true");
        builder.UseSetting("DecisionLog:DevelopmentKeyPath", Path.Combine(_directory, "key.pem"));
        builder.UseSetting("Messaging:Outbox:PollInterval", "00:00:00.050");
        builder.UseSetting("DatasetStorage:Local:Root", DatasetRoot);
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
        foreach (var (key, value) in TestIdentity.HostConfiguration)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureTestServices(services =>
        {
            TestIdentity.TrustTestKey(services);
            services.AddMassTransitTestHarness(x => x.SetTestTimeouts(testTimeout: TimeSpan.FromMinutes(30)));
            services.AddSingleton<InventoryService.InventoryServiceClient>(Inventory);
        });
    }

    public Task InitializeAsync() => ServiceDatabase.MigrateAsync<AssessmentDbContext>(Services);

    public HttpClient As(string token) => CreateClient().WithToken(token);

    public ITestHarness Harness => Services.GetRequiredService<ITestHarness>();

    public async Task<T> QueryAsync<T>(Func<AssessmentDbContext, Task<T>> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<AssessmentDbContext>());
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();
}
