namespace ModelRisk.Datasets.Storage;

/// <summary>
/// Where datasets live: the local filesystem or an S3-compatible object store, behind one contract. Keys are
/// slash-separated paths of safe segments (<see cref="DatasetKeys"/>); a key the store refuses throws
/// <see cref="ArgumentException"/> before anything is touched.
/// </summary>
public interface IDatasetStorage
{
    /// <summary>
    /// Streams <paramref name="content"/> to <paramref name="key"/>, computing its size and SHA-256 and recognising its
    /// format on the way, without holding it in memory. The object appears whole or not at all: when the content is
    /// larger than <paramref name="maxBytes"/>, is not a dataset, the source fails or the call is cancelled, nothing is
    /// left behind (and an object already at the key is untouched). A key that exists is replaced.
    /// </summary>
    Task<DatasetWrite> WriteAsync(string key, Stream content, long maxBytes, CancellationToken ct);

    /// <summary>
    /// Reads <paramref name="length"/> bytes (or to the end) from <paramref name="offset"/>: workers read CSV shards by
    /// byte range. A range past the end reads what there is, possibly nothing. Throws <see cref="DatasetNotFoundException"/>.
    /// </summary>
    Task<Stream> OpenReadAsync(string key, long offset = 0, long? length = null, CancellationToken ct = default);

    /// <summary>
    /// A file on this machine holding the object, for readers that need a path (the Parquet reader): the stored file
    /// itself on the local filesystem, a temporary copy from object storage that disposing deletes.
    /// Throws <see cref="DatasetNotFoundException"/>.
    /// </summary>
    Task<LocalDatasetFile> GetLocalFileAsync(string key, CancellationToken ct);

    /// <summary>
    /// Stores bytes that are not a dataset (a run's shard statistics, result and report, a cancellation marker) as they
    /// are, without inspecting them. Replaces an object at the key; appears whole or not at all.
    /// </summary>
    Task WriteObjectAsync(string key, ReadOnlyMemory<byte> content, CancellationToken ct);

    /// <summary>Removes the object; removing one that is not there is not an error.</summary>
    Task DeleteAsync(string key, CancellationToken ct);

    /// <summary>The object's size in bytes, or null when there is none at the key.</summary>
    Task<long?> GetSizeAsync(string key, CancellationToken ct);

    /// <summary>Whether an object is stored at the key.</summary>
    async Task<bool> ExistsAsync(string key, CancellationToken ct) => await GetSizeAsync(key, ct) is not null;
}
