namespace ModelRisk.Datasets.Storage;

public enum DatasetStorageKind
{
    /// <summary>A directory on the local filesystem: the embedded default, or a shared volume on Kubernetes.</summary>
    Local,

    /// <summary>An S3-compatible object store (MinIO, Ceph, AWS).</summary>
    S3,
}
