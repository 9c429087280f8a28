namespace ModelRisk.Datasets.Storage;

/// <summary>Configuration section <c>DatasetStorage</c>: which store, and the largest dataset it takes.</summary>
public sealed class DatasetStorageOptions
{
    public const string SectionName = "DatasetStorage";

    /// <summary>5 GiB. The gateway's dataset route and its Ingress allow the same.</summary>
    public const long DefaultMaxDatasetBytes = 5L * 1024 * 1024 * 1024;

    public DatasetStorageKind Kind { get; set; } = DatasetStorageKind.Local;

    /// <summary>The largest dataset accepted, in bytes.</summary>
    public long MaxDatasetBytes { get; set; } = DefaultMaxDatasetBytes;

    public LocalStorageOptions Local { get; set; } = new();

    public S3StorageOptions S3 { get; set; } = new();
}
