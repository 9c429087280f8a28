using MassTransit;
using MassTransit.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using ModelRisk.Datasets.Storage;

namespace ModelRisk.ValidationWorker.Tests;

/// <summary>
/// The worker with its real consumers and a local dataset store in a temporary directory, on MassTransit's in-memory test
/// harness. Tests wait for what a job publishes with <c>Wait</c>, not the harness's <c>Any</c>: a job computing on the thread pool
/// looks like an idle bus to the harness, which then stops waiting.
/// </summary>
public sealed class WorkerFactory : WebApplicationFactory<Program>
{
    private readonly string _root = Directory.CreateTempSubdirectory("mrp-worker-tests-").FullName;

    public long ShardBytes { get; init; } = 1L << 30;

    public long JobMemoryBudgetBytes { get; init; } = 256L * 1024 * 1024;

    public IDatasetStorage Storage => Services.GetRequiredService<IDatasetStorage>();

    public ITestHarness Harness => Services.GetRequiredService<ITestHarness>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("DatasetStorage:Kind", "Local");
        builder.UseSetting("DatasetStorage:Local:Root", Path.Combine(_root, "store"));
        builder.UseSetting("Worker:ScratchDirectory", Path.Combine(_root, "scratch"));
        builder.UseSetting("Worker:ShardBytes", ShardBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Worker:JobMemoryBudgetBytes", JobMemoryBudgetBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Worker:Instance", "test-worker");
        builder.UseSetting("Messaging:RetryLimit", "1");
        builder.UseSetting("Messaging:RetryMinInterval", "00:00:00.010");
        builder.UseSetting("Messaging:RetryMaxInterval", "00:00:00.020");
        builder.ConfigureTestServices(services => services.AddMassTransitTestHarness(x => x.SetTestTimeouts(testTimeout: TimeSpan.FromMinutes(5), testInactivityTimeout: TimeSpan.FromSeconds(5))));
    }

    /// <summary>Stores a CSV as a dataset would be, under its key.</summary>
    public async Task<string> StoreAsync(string key, string csv)
    {
        using var content = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(csv));
        var write = await Storage.WriteAsync(key, content, 1L << 30, CancellationToken.None);
        Assert.True(write.Stored is not null, write.Rejection?.ToString());
        return key;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }
}
