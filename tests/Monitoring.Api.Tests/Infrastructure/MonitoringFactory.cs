using MassTransit;
using MassTransit.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using ModelRisk.Monitoring.Data;
using ModelRisk.Monitoring.Features.Evaluations;
using ModelRisk.Monitoring.Models.Inventory;
using ModelRisk.ServiceKit.Data;
using ModelRisk.ServiceKit.Webhooks;
using ModelRisk.TestSupport;

namespace ModelRisk.Monitoring.Tests.Infrastructure;

/// <summary>
/// The Monitoring service in memory: SQLite in a temp file, the local dataset store in a temp folder, the real
/// JwtBearer trusting the test key, the MassTransit test harness in place of RabbitMQ. The scheduler and the webhook
/// dispatcher do not run on their timers: a test runs them at the instant it chooses.
/// </summary>
public sealed class MonitoringFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string SigningSecret = "test-webhook-signing-secret-0123456789abcdef";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"monitoring-tests-{Guid.NewGuid():N}");

    public string DatasetRoot => Path.Combine(_directory, "datasets");

    /// <summary>Extra settings a test class needs (for example a consecutive-breach default).</summary>
    public Dictionary<string, string?> Settings { get; } = [];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        Directory.CreateDirectory(DatasetRoot);
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Provider", "Sqlite");
        builder.UseSetting($"ConnectionStrings:{MonitoringDbContext.ConnectionName}", $"Data Source={Path.Combine(_directory, "monitoring.db")};Pooling=False");
        builder.UseSetting("DatasetStorage:Local:Root", DatasetRoot);
        builder.UseSetting("Webhooks:SigningSecret", SigningSecret);
        builder.UseSetting("Messaging:Outbox:PollInterval", "00:00:00.050");
        foreach (var (key, value) in TestIdentity.HostConfiguration.Concat(Settings))
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureTestServices(services =>
        {
            TestIdentity.TrustTestKey(services);
            services.AddMassTransitTestHarness(x => x.SetTestTimeouts(testTimeout: TimeSpan.FromMinutes(30)));
            services.AddSingleton(Consumed);
            services.AddConsumeObserver(_ => Consumed);
            foreach (var timed in services.Where(d => d.ServiceType == typeof(IHostedService)
                && (d.ImplementationType == typeof(WindowSchedulerService) || d.ImplementationType == typeof(WebhookDispatchService<MonitoringDbContext>))).ToList())
            {
                services.Remove(timed);
            }
        });
    }

    public Task InitializeAsync() => ServiceDatabase.MigrateAsync<MonitoringDbContext>(Services);

    public HttpClient As(string token) => CreateClient().WithToken(token);

    public ConsumeCounter Consumed { get; } = new();

    public ITestHarness Harness => Services.GetRequiredService<ITestHarness>();

    public async Task<T> QueryAsync<T>(Func<MonitoringDbContext, Task<T>> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<MonitoringDbContext>());
    }

    /// <summary>A model as Inventory's ModelRegistered event would have told Monitoring about it.</summary>
    public async Task<string> RegisterModelAsync(string org, string tier = "High", string owner = "olivia.owner", string lifecycle = "InProduction")
    {
        var id = Guid.CreateVersion7().ToString("N");
        await QueryAsync(async db =>
        {
            db.Models.Add(new MonitoredModel
            {
                ModelId = id, Org = org, Key = $"model-{id[^6..]}", Name = "Credit scorer", Owner = owner, RiskTier = tier, Lifecycle = lifecycle,
                UpdatedAt = DateTimeOffset.UtcNow,
            });
            return await db.SaveChangesAsync();
        });
        return id;
    }

    /// <summary>One scheduler pass as a replica would run it at <paramref name="at"/>; answers how many windows it queued.</summary>
    public async Task<int> ScheduleAsync(DateTimeOffset at)
    {
        await using var scope = Services.CreateAsyncScope();
        var scheduler = new WindowScheduler(scope.ServiceProvider.GetRequiredService<MonitoringDbContext>(), new FakeTimeProvider(at),
            Services.GetRequiredService<IOptions<MonitoringOptions>>(), NullLogger<WindowScheduler>.Instance);
        return await scheduler.RunAsync(CancellationToken.None);
    }

    /// <summary>One webhook dispatcher round at <paramref name="at"/>.</summary>
    public async Task<int> DispatchAsync(DateTimeOffset at)
    {
        await using var scope = Services.CreateAsyncScope();
        var dispatcher = new WebhookDispatcher<MonitoringDbContext>(scope.ServiceProvider.GetRequiredService<MonitoringDbContext>(),
            Services.GetRequiredService<WebhookClient>(), Services.GetRequiredService<IOptions<WebhookOptions>>(), new FakeTimeProvider(at),
            NullLogger<WebhookDispatcher<MonitoringDbContext>>.Instance);
        return await dispatcher.DeliverDueAsync(CancellationToken.None);
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
