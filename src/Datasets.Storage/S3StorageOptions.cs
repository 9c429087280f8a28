namespace ModelRisk.Datasets.Storage;

/// <summary>
/// Configuration section <c>DatasetStorage:S3</c>. Credentials come from configuration (a Kubernetes Secret as
/// <c>DatasetStorage__S3__AccessKey</c> / <c>__SecretKey</c>) or, when unset, from the AWS SDK's own chain
/// (<c>AWS_ACCESS_KEY_ID</c>, a web identity, an instance role).
/// </summary>
public sealed class S3StorageOptions
{
    /// <summary>The minimum part size of a multipart upload in S3 (all parts but the last).</summary>
    public const int MinPartSizeBytes = 5 * 1024 * 1024;

    /// <summary>The server, such as <c>http://minio:9000</c>; unset, AWS itself in <see cref="Region"/>.</summary>
    public string? ServiceUrl { get; set; }

    public string Bucket { get; set; } = "";

    /// <summary>Prepended to every key, so several environments may share a bucket.</summary>
    public string Prefix { get; set; } = "";

    public string Region { get; set; } = "us-east-1";

    public string? AccessKey { get; set; }

    public string? SecretKey { get; set; }

    /// <summary>Path-style addressing (<c>http://host/bucket/key</c>): what MinIO, Ceph and most S3-compatible servers expect.</summary>
    public bool ForcePathStyle { get; set; } = true;

    /// <summary>
    /// Send and check the SDK's integrity checksums only where an operation requires them. Servers other than AWS
    /// may not know the newer checksum headers; the stores compute their own SHA-256 of every dataset anyway.
    /// </summary>
    public bool ChecksumsOnlyWhenRequired { get; set; } = true;

    /// <summary>The size of each uploaded part: the one buffer a write holds, whatever the dataset's size.</summary>
    public int PartSizeBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>Create the bucket on first use when it is missing (a fresh MinIO); leave off where buckets are provisioned.</summary>
    public bool CreateBucket { get; set; }

    /// <summary>Where temporary local copies go (<see cref="IDatasetStorage.GetLocalFileAsync"/>); unset, the system's temp directory.</summary>
    public string? TempDirectory { get; set; }
}
