using Amazon.Runtime;
using Amazon.S3;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ModelRisk.Datasets.Storage;

public static class DatasetStorageRegistration
{
    /// <summary>
    /// Registers <see cref="IDatasetStorage"/> from the <c>DatasetStorage</c> section: <c>Kind</c> Local (the default;
    /// <c>Local:Root</c>, else <c>.datasets</c> in the content root) or S3 (<c>S3:ServiceUrl</c>, <c>S3:Bucket</c>,
    /// credentials). A configuration that cannot work stops the host at start, not at the first upload.
    /// </summary>
    public static IHostApplicationBuilder AddDatasetStorage(this IHostApplicationBuilder builder)
    {
        var contentRoot = builder.Environment.ContentRootPath;
        builder.Services.AddOptions<DatasetStorageOptions>()
            .Bind(builder.Configuration.GetSection(DatasetStorageOptions.SectionName))
            .Validate(o => o.MaxDatasetBytes > 0, "DatasetStorage:MaxDatasetBytes must be positive.")
            .Validate(o => Enum.IsDefined(o.Kind), "DatasetStorage:Kind must be Local or S3.")
            .Validate(o => o.Kind != DatasetStorageKind.S3 || !string.IsNullOrWhiteSpace(o.S3.Bucket), "DatasetStorage:S3:Bucket is required for S3.")
            .Validate(o => o.Kind != DatasetStorageKind.S3 || o.S3.PartSizeBytes >= S3StorageOptions.MinPartSizeBytes,
                $"DatasetStorage:S3:PartSizeBytes must be at least {S3StorageOptions.MinPartSizeBytes} (the S3 minimum part size).")
            .Validate(o => o.Kind != DatasetStorageKind.S3 || string.IsNullOrEmpty(o.S3.AccessKey) == string.IsNullOrEmpty(o.S3.SecretKey),
                "DatasetStorage:S3:AccessKey and SecretKey go together.")
            .ValidateOnStart();
        builder.Services.AddSingleton<IDatasetStorage>(services =>
        {
            var options = services.GetRequiredService<IOptions<DatasetStorageOptions>>().Value;
            return options.Kind == DatasetStorageKind.S3
                ? new S3DatasetStorage(CreateClient(options.S3), options.S3, services.GetService<ILogger<S3DatasetStorage>>())
                : new LocalFileDatasetStorage(options.Local.Root is { Length: > 0 } root
                    ? Path.Combine(contentRoot, root)
                    : Path.Combine(contentRoot, ".datasets"));
        });
        return builder;
    }

    /// <summary>
    /// An S3 client for an S3-compatible server or AWS, as <see cref="S3StorageOptions"/> describe it;
    /// <paramref name="configure"/> adjusts the SDK's settings further (an HTTP stack of one's own, a proxy).
    /// </summary>
    public static IAmazonS3 CreateClient(S3StorageOptions options, Action<AmazonS3Config>? configure = null)
    {
        var config = new AmazonS3Config
        {
            ForcePathStyle = options.ForcePathStyle,
            AuthenticationRegion = options.Region,
        };
        if (!string.IsNullOrWhiteSpace(options.ServiceUrl))
        {
            config.ServiceURL = options.ServiceUrl;
        }
        else
        {
            config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(options.Region);
        }
        if (options.ChecksumsOnlyWhenRequired)
        {
            config.RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED;
            config.ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED;
        }
        configure?.Invoke(config);
        return string.IsNullOrEmpty(options.AccessKey)
            ? new AmazonS3Client(config)
            : new AmazonS3Client(new BasicAWSCredentials(options.AccessKey, options.SecretKey), config);
    }
}
