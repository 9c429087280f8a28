using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModelRisk.Assessment.Features.Datasets;
using ModelRisk.Assessment.Tests.Infrastructure;
using ModelRisk.Datasets.Storage;
using ModelRisk.ServiceDefaults.Identity;
using ModelRisk.TestSupport;
using static ModelRisk.Assessment.Tests.Datasets.DatasetUpload;

namespace ModelRisk.Assessment.Tests.Datasets;

/// <summary>
/// The service configured as in the cluster (<c>DatasetStorage:Kind=S3</c>, path-style, a bucket it creates),
/// against a real S3 REST server: upload, download and delete go through the object store, not the filesystem.
/// </summary>
public sealed class DatasetS3Tests : IAsyncLifetime
{
    private readonly string _org = "s3-" + Guid.NewGuid().ToString("N")[..8];
    private S3rver? _server;
    private AssessmentFactory? _factory;

    public async Task InitializeAsync()
    {
        if (S3rver.Script is null && !S3rver.Required)
        {
            return;
        }
        _server = await S3rver.StartAsync("unused");
        _factory = new AssessmentFactory
        {
            Settings = new Dictionary<string, string?>
            {
                ["DatasetStorage:Kind"] = "S3",
                ["DatasetStorage:S3:ServiceUrl"] = _server.ServiceUrl,
                ["DatasetStorage:S3:Bucket"] = "datasets",
                ["DatasetStorage:S3:CreateBucket"] = "true",
                ["DatasetStorage:S3:AccessKey"] = S3rver.AccessKey,
                ["DatasetStorage:S3:SecretKey"] = S3rver.SecretKey,
            },
        };
        await _factory.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [S3rverFact]
    public async Task A_dataset_round_trips_through_the_object_store_and_deleting_removes_the_object()
    {
        var factory = _factory!;
        using var client = factory.As(TestIdentity.Token("olivia.owner", [PlatformRoles.ModelOwner], [_org]));
        var bytes = Csv(rows: 1_500_000);

        var response = await client.PostAsync(DatasetUpload.Path(_org), Body(bytes, DatasetEndpoints.OctetStreamType));
        var dataset = await response.ReadAsync<DatasetResponse>(HttpStatusCode.Created);
        var download = await client.GetAsync($"{Base}/{dataset.Id}/content");
        var key = await factory.QueryAsync(db => db.Datasets.Where(d => d.Id == dataset.Id).Select(d => d.StorageKey).SingleAsync());
        var storage = factory.Services.GetRequiredService<IDatasetStorage>();

        Assert.True(bytes.Length > 2 * new S3StorageOptions().PartSizeBytes, $"{bytes.Length} bytes: the upload spans several parts");
        Assert.IsType<S3DatasetStorage>(storage);
        Assert.Equal((Sha256(bytes), DatasetFormat.Csv), (dataset.Sha256, dataset.Format));
        Assert.Equal(bytes, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal(bytes.LongLength, await storage.GetSizeAsync(key, default));
        Assert.Empty(factory.StoredDatasetFiles());

        using var delete = new HttpRequestMessage(HttpMethod.Delete, $"{Base}/{dataset.Id}") { Headers = { { "If-Match", "\"1\"" } } };
        Assert.Equal(HttpStatusCode.NoContent, (await client.SendAsync(delete)).StatusCode);
        Assert.Null(await storage.GetSizeAsync(key, default));
    }
}
