using System.Net.Http.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;

namespace ModelRisk.EndToEnd.Tests;

/// <summary>
/// The real platform in local mode, started by the AppHost itself: the dev issuer, a RabbitMQ node from the
/// machine's install, each service's migration step, Inventory, Assessment, Findings, Monitoring, the validation
/// workers and the gateway (which waits for every service to be healthy), each as its own process.
/// </summary>
public sealed class PlatformFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromMinutes(4);
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "mrp-e2e-" + Guid.NewGuid().ToString("N"));

    public DistributedApplication App { get; private set; } = null!;

    public HttpClient Gateway { get; private set; } = null!;

    public HttpClient Identity { get; private set; } = null!;

    public string RabbitMqConnectionString { get; private set; } = "";

    /// <summary>The broker's management API (guest/guest on loopback), to look into queues.</summary>
    public Uri RabbitMqManagementUrl { get; private set; } = null!;

    /// <summary>Where local mode keeps its SQLite files, so a test can act on a database as an intruder would.</summary>
    public string DataDirectory => _dataDirectory;

    public async Task InitializeAsync()
    {
        // A broker port of its own so the suite never meets a developer's running platform or the test script's node.
        var rabbitPort = 5702 + Random.Shared.Next(0, 200);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.ModelRiskPlatform_AppHost>(
        [
            "Platform:Mode=local",
            $"Platform:DataDirectory={_dataDirectory}",
            $"Platform:RabbitMqPort={rabbitPort}",
            // Small shards and one job per worker at a time: a run of a few megabytes spreads over both workers,
            // so killing one is sure to interrupt a shard.
            "Platform:ValidationWorkers=2",
            "Platform:WorkerShardBytes=2000000",
            "Platform:WorkerConcurrency=1",
        ]);
        RabbitMqManagementUrl = new Uri($"http://127.0.0.1:{rabbitPort + 10000}/");
        App = await builder.BuildAsync();
        using var startup = new CancellationTokenSource(StartupTimeout);
        await App.StartAsync(startup.Token);
        await App.ResourceNotifications.WaitForResourceHealthyAsync("gateway", startup.Token);

        Gateway = App.CreateHttpClient("gateway", "http");
        Identity = App.CreateHttpClient("identity", "http");
        RabbitMqConnectionString = await App.GetConnectionStringAsync("rabbitmq", startup.Token)
            ?? throw new InvalidOperationException("The AppHost declares no rabbitmq connection string.");
    }

    /// <summary>A token from the issuer's OAuth endpoint for a demo user of the realm file, as a person would sign in.</summary>
    public async Task<string> SignInAsync(string username, string password)
    {
        using var response = await Identity.PostAsync("/realms/model-risk/protocol/openid-connect/token", new FormUrlEncodedContent(
        [
            new("grant_type", "password"),
            new("client_id", "model-risk-gateway"),
            new("username", username),
            new("password", password),
        ]));
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<Dictionary<string, object>>();
        return body!["access_token"].ToString()!;
    }

    public async Task DisposeAsync()
    {
        if (App is not null)
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // The broker may still be flushing its files; the folder is under the temp directory.
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PlatformCollection : ICollectionFixture<PlatformFixture>
{
    public const string Name = "platform";
}
