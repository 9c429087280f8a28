using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ModelRisk.Datasets.Storage.Tests;

/// <summary>One extension method picks the store from configuration, and a configuration that cannot work stops the host at start.</summary>
public sealed class DatasetStorageRegistrationTests : IDisposable
{
    private readonly string _contentRoot = Directory.CreateTempSubdirectory("datasets-host-").FullName;

    public void Dispose() => Directory.Delete(_contentRoot, recursive: true);

    private IHost Host(Dictionary<string, string?> settings)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = _contentRoot });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddDatasetStorage();
        return builder.Build();
    }

    [Fact]
    public void Without_configuration_datasets_go_to_the_local_filesystem_under_the_content_root()
    {
        using var host = Host([]);

        var storage = Assert.IsType<LocalFileDatasetStorage>(host.Services.GetRequiredService<IDatasetStorage>());

        Assert.Equal(Path.Combine(_contentRoot, ".datasets"), storage.Root);
        Assert.Equal(DatasetStorageOptions.DefaultMaxDatasetBytes, host.Services.GetRequiredService<IOptions<DatasetStorageOptions>>().Value.MaxDatasetBytes);
    }

    [Fact]
    public void A_relative_local_root_is_under_the_content_root()
    {
        using var host = Host(new() { ["DatasetStorage:Local:Root"] = "shared/datasets" });

        Assert.Equal(Path.Combine(_contentRoot, "shared", "datasets"), Assert.IsType<LocalFileDatasetStorage>(host.Services.GetRequiredService<IDatasetStorage>()).Root);
    }

    [Fact]
    public void Kind_s3_gives_the_s3_store()
    {
        using var host = Host(new()
        {
            ["DatasetStorage:Kind"] = "S3",
            ["DatasetStorage:S3:ServiceUrl"] = "http://127.0.0.1:9",
            ["DatasetStorage:S3:Bucket"] = "datasets",
            ["DatasetStorage:S3:AccessKey"] = "key",
            ["DatasetStorage:S3:SecretKey"] = "secret",
        });

        Assert.IsType<S3DatasetStorage>(host.Services.GetRequiredService<IDatasetStorage>());
    }

    [Theory]
    [InlineData("DatasetStorage:S3:Bucket", "", "Bucket is required")]
    [InlineData("DatasetStorage:S3:PartSizeBytes", "1048576", "PartSizeBytes")]
    [InlineData("DatasetStorage:S3:SecretKey", "", "go together")]
    [InlineData("DatasetStorage:MaxDatasetBytes", "0", "MaxDatasetBytes")]
    public async Task A_configuration_that_cannot_work_stops_the_host_at_start(string key, string value, string reason)
    {
        var settings = new Dictionary<string, string?>
        {
            ["DatasetStorage:Kind"] = "S3",
            ["DatasetStorage:S3:Bucket"] = "datasets",
            ["DatasetStorage:S3:AccessKey"] = "key",
            ["DatasetStorage:S3:SecretKey"] = "secret",
        };
        settings[key] = value;
        using var host = Host(settings);

        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(reason, refused.Message, StringComparison.Ordinal);
    }
}
