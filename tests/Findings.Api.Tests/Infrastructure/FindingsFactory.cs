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
using ModelRisk.Findings.Data;
using ModelRisk.Findings.Features.Sla;
using ModelRisk.Findings.Features.Webhooks;
using ModelRisk.ServiceKit.Data;
using ModelRisk.ServiceKit.Webhooks;
using ModelRisk.TestSupport;

namespace ModelRisk.Findings.Tests.Infrastructure;

/// <summary>
/// The Findings service in memory: SQLite in a temp file, the real JwtBearer trusting the test key, the MassTransit
/// test harness in place of RabbitMQ. The SLA sweep and the webhook dispatcher do not run on their timers here: a
/// test runs them at the instant it chooses (<see cref="SweepAsync"/>, <see cref="DispatchAsync"/>).
/// </summary>
public sealed class FindingsFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string SigningSecret = "test-webhook-signing-secret-0123456789abcdef";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"findings-tests-{Guid.NewGuid():N}");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        Directory.CreateDirectory(_directory);
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Provider", "Sqlite");
        builder.UseSetting("ConnectionStrings:findings-db", $"Data Source={Path.Combine(_directory, "findings.db")};Pooling=False");
        builder.UseSetting("Webhooks:SigningSecret", SigningSecret);
        builder.UseSetting("Webhooks:BaseDelay", "00:00:30");
        builder.UseSetting("Webhooks:MaxAttempts", "3");
        builder.UseSetting("Messaging:Outbox:PollInterval", "00:00:00.050");
        foreach (var (key, value) in TestIdentity.HostConfiguration)
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
                && (d.ImplementationType == typeof(SlaSweepService) || d.ImplementationType == typeof(WebhookDispatchService<FindingsDbContext>))).ToList())
            {
                services.Remove(timed);
            }
        });
    }

    public Task InitializeAsync() => ServiceDatabase.MigrateAsync<FindingsDbContext>(Services);

    public HttpClient As(string token) => CreateClient().WithToken(token);

    /// <summary>Every finished and faulted delivery per message id, to wait on a consumer without a fixed sleep.</summary>
    public ConsumeCounter Consumed { get; } = new();

    public ITestHarness Harness => Services.GetRequiredService<ITestHarness>();

    public async Task<T> QueryAsync<T>(Func<FindingsDbContext, Task<T>> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<FindingsDbContext>());
    }

    /// <summary>One sweep round as a replica would run it at <paramref name="at"/>.</summary>
    public async Task<SweepResult> SweepAsync(DateTimeOffset at, int batchSize = 200)
    {
        await using var scope = Services.CreateAsyncScope();
        var sweep = new SlaSweep(scope.ServiceProvider.GetRequiredService<FindingsDbContext>(), new FakeTimeProvider(at),
            Options.Create(new SweepOptions { BatchSize = batchSize }), NullLogger<SlaSweep>.Instance);
        return await sweep.RunAsync(CancellationToken.None);
    }

    /// <summary>One dispatcher round at <paramref name="at"/>; answers how many deliveries it attempted.</summary>
    public async Task<int> DispatchAsync(DateTimeOffset at)
    {
        await using var scope = Services.CreateAsyncScope();
        var dispatcher = new WebhookDispatcher<FindingsDbContext>(scope.ServiceProvider.GetRequiredService<FindingsDbContext>(), Services.GetRequiredService<WebhookClient>(),
            Services.GetRequiredService<IOptions<WebhookOptions>>(), new FakeTimeProvider(at), NullLogger<WebhookDispatcher<FindingsDbContext>>.Instance);
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
