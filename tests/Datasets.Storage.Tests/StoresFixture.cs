using ModelRisk.TestSupport;

namespace ModelRisk.Datasets.Storage.Tests;

/// <summary>One s3rver for the whole test run, started the first time an S3 case needs it.</summary>
public sealed class StoresFixture : IAsyncLifetime
{
    public const string Bucket = "datasets";

    private readonly Lazy<Task<S3rver>> _server = new(() => S3rver.StartAsync(Bucket));

    public Task<S3rver> ServerAsync() => _server.Value;

    /// <summary>
    /// A fresh store of the kind: its own temporary directory, or its own key prefix in the shared bucket, so tests
    /// never see each other's objects. Small S3 parts (the S3 minimum, 5 MiB) make multipart uploads cheap to reach.
    /// </summary>
    public async Task<TestStore> CreateAsync(StoreKind kind)
    {
        if (kind == StoreKind.Local)
        {
            return TestStore.Local(Directory.CreateTempSubdirectory("datasets-").FullName);
        }
        var server = await ServerAsync();
        var options = new S3StorageOptions
        {
            ServiceUrl = server.ServiceUrl,
            Bucket = server.Bucket,
            Prefix = $"t-{Guid.NewGuid():N}/",
            AccessKey = S3rver.AccessKey,
            SecretKey = S3rver.SecretKey,
            PartSizeBytes = S3StorageOptions.MinPartSizeBytes,
            TempDirectory = Directory.CreateTempSubdirectory("datasets-s3-").FullName,
        };
        return TestStore.S3(options);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_server.IsValueCreated && _server.Value.IsCompletedSuccessfully)
        {
            await (await _server.Value).DisposeAsync();
        }
    }
}
