using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using ModelRisk.Assessment.Features.Datasets;
using ModelRisk.Assessment.Tests.Infrastructure;
using ModelRisk.ServiceDefaults.Identity;
using ModelRisk.TestSupport;
using Xunit.Abstractions;

namespace ModelRisk.Assessment.Tests.Datasets;

/// <summary>
/// A 200 MB upload streams to the store: the managed memory allocated while it is sent, received, digested and written
/// stays a small fraction of its size. Allocation is counted for the whole process (client and server), so this runs
/// alone, on a service of its own, after every other collection.
/// </summary>
[Collection(SerialDatasetCollection.Name)]
public sealed class DatasetMemoryTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const long UploadBytes = 200L * 1024 * 1024;

    // The outbox poller would allocate in the background while the request is measured.
    private readonly AssessmentFactory _factory = new()
    {
        Settings = new Dictionary<string, string?> { ["Messaging:Outbox:PollInterval"] = "01:00:00" },
    };

    private readonly string _org = "memory-" + Guid.NewGuid().ToString("N")[..8];

    public Task InitializeAsync()
    {
        _factory.UseKestrel(0);
        return _factory.InitializeAsync();
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task A_200_MB_upload_allocates_a_small_fraction_of_its_size_and_its_digest_matches()
    {
        var server = _factory.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        using var client = new HttpClient { BaseAddress = new Uri(server), Timeout = TimeSpan.FromMinutes(10) }
            .WithToken(TestIdentity.Token("olivia.owner", [PlatformRoles.ModelOwner], [_org]));
        // Warm up the upload path (JIT, options, the first insert) so only the large upload is measured.
        (await client.PostAsync(DatasetUpload.Path(_org, "warm-up"), new GeneratedCsvContent(64 * 1024))).EnsureStatus(HttpStatusCode.Created);

        var content = new GeneratedCsvContent(UploadBytes);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var response = await client.PostAsync(DatasetUpload.Path(_org), content);
        var dataset = await response.ReadAsync<DatasetResponse>(HttpStatusCode.Created);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        output.WriteLine($"{content.Written / 1024.0 / 1024.0:F0} MiB uploaded: {allocated / 1024.0 / 1024.0:F2} MiB allocated");

        Assert.Equal(UploadBytes, dataset.SizeBytes);
        Assert.Equal(content.Sha256, dataset.Sha256);
        Assert.Equal(["id", "feature", "score", "label"], dataset.Columns);
        // Holding the body once would be 200 MiB; streaming it allocates a few buffers whatever the size.
        Assert.True(allocated < 16L * 1024 * 1024, $"{allocated:N0} bytes allocated for a {UploadBytes:N0}-byte upload");
    }
}
