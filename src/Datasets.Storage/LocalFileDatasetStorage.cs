using System.Buffers;

namespace ModelRisk.Datasets.Storage;

/// <summary>
/// Datasets as files under one root directory. A write goes to a temporary file under <c>.incoming</c> in the same
/// root and is renamed into place only once it is whole and accepted, so a reader never sees half a dataset and a
/// failed or cancelled write leaves nothing. Keys cannot name a file outside the root (<see cref="DatasetKeys"/>).
/// </summary>
public sealed class LocalFileDatasetStorage : IDatasetStorage
{
    private const int BufferBytes = 128 * 1024;
    private readonly string _root;
    private readonly string _incoming;

    public LocalFileDatasetStorage(string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        _root = Path.GetFullPath(root);
        _incoming = Path.Combine(_root, ".incoming");
        Directory.CreateDirectory(_incoming);
    }

    public string Root => _root;

    public async Task<DatasetWrite> WriteAsync(string key, Stream content, long maxBytes, CancellationToken ct)
    {
        var target = PathOf(key);
        ArgumentNullException.ThrowIfNull(content);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes);
        var temp = Path.Combine(_incoming, Guid.NewGuid().ToString("N"));
        var buffer = ArrayPool<byte>.Shared.Rent(BufferBytes);
        var placed = false;
        using var inspector = new DatasetInspector();
        try
        {
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0, FileOptions.Asynchronous))
            {
                int read;
                while ((read = await content.ReadAsync(buffer.AsMemory(0, BufferBytes), ct)) > 0)
                {
                    if (inspector.Length + read > maxBytes)
                    {
                        return DatasetWrite.Rejected(DatasetStorageLimits.TooLarge(maxBytes));
                    }
                    inspector.Append(buffer.AsSpan(0, read));
                    if (inspector.EarlyRejection is { } early)
                    {
                        return DatasetWrite.Rejected(new DatasetRejection(DatasetRejectionKind.NotADataset, early));
                    }
                    await file.WriteAsync(buffer.AsMemory(0, read), ct);
                }
                file.Flush(flushToDisk: true);
            }
            var (stored, rejection) = inspector.Complete(key);
            if (stored is null)
            {
                return DatasetWrite.Rejected(new DatasetRejection(DatasetRejectionKind.NotADataset, rejection!));
            }
            ct.ThrowIfCancellationRequested();
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Move(temp, target, overwrite: true);
            placed = true;
            return DatasetWrite.Accepted(stored);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            if (!placed)
            {
                File.Delete(temp);
            }
        }
    }

    public async Task WriteObjectAsync(string key, ReadOnlyMemory<byte> content, CancellationToken ct)
    {
        var target = PathOf(key);
        var temp = Path.Combine(_incoming, Guid.NewGuid().ToString("N"));
        try
        {
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0, FileOptions.Asynchronous))
            {
                await file.WriteAsync(content, ct);
                file.Flush(flushToDisk: true);
            }
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Move(temp, target, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    public Task<Stream> OpenReadAsync(string key, long offset = 0, long? length = null, CancellationToken ct = default)
    {
        var path = PathOf(key);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        if (length is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, "A range length cannot be negative.");
        }
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, BufferBytes, FileOptions.Asynchronous);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw DatasetNotFoundException.For(key);
        }
        file.Seek(offset, SeekOrigin.Begin);
        return Task.FromResult<Stream>(length is null ? file : new ReadOnlyRangeStream(file, length));
    }

    public Task<LocalDatasetFile> GetLocalFileAsync(string key, CancellationToken ct)
    {
        var path = PathOf(key);
        return File.Exists(path)
            ? Task.FromResult(new LocalDatasetFile(path, temporary: false))
            : throw DatasetNotFoundException.For(key);
    }

    public Task DeleteAsync(string key, CancellationToken ct)
    {
        File.Delete(PathOf(key));
        return Task.CompletedTask;
    }

    public Task<long?> GetSizeAsync(string key, CancellationToken ct)
    {
        var file = new FileInfo(PathOf(key));
        return Task.FromResult(file.Exists ? file.Length : (long?)null);
    }

    private string PathOf(string key)
    {
        DatasetKeys.Validate(key);
        var path = Path.GetFullPath(Path.Combine(_root, key));
        // DatasetKeys already rules out "..", rooted paths and backslashes; this is the last word on the filesystem.
        if (!path.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException("The key names a file outside the dataset root.", nameof(key));
        }
        return path;
    }
}
