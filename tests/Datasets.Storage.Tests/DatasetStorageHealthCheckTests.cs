using Microsoft.Extensions.Diagnostics.HealthChecks;
using ModelRisk.TestSupport;

namespace ModelRisk.Datasets.Storage.Tests;

[Collection(StoresCollection.Name)]
public sealed class DatasetStorageHealthCheckTests(StoresFixture stores)
{
    private static Task<HealthCheckResult> CheckAsync(IDatasetStorage storage)
    {
        var check = new DatasetStorageHealthCheck(storage);
        var context = new HealthCheckContext { Registration = new HealthCheckRegistration("dataset-store", check, HealthStatus.Degraded, ["ready"]) };
        return check.CheckHealthAsync(context);
    }

    [Theory]
    [LocalStore]
    [S3Store]
    public async Task A_store_that_answers_is_healthy(StoreKind kind)
    {
        await using var store = await stores.CreateAsync(kind);

        Assert.Equal(HealthStatus.Healthy, (await CheckAsync(store.Storage)).Status);
    }

    [Fact]
    public async Task An_object_store_that_does_not_answer_degrades_with_the_reason()
    {
        var options = new S3StorageOptions
        {
            ServiceUrl = $"http://127.0.0.1:{FreePort.Next()}",
            Bucket = "datasets",
            AccessKey = "key",
            SecretKey = "secret",
        };
        using var client = DatasetStorageRegistration.CreateClient(options);
        using var storage = new S3DatasetStorage(client, options);

        var result = await CheckAsync(storage);

        Assert.Equal(HealthStatus.Degraded, result.Status);
        Assert.Contains("does not answer", result.Description, StringComparison.Ordinal);
    }
}
