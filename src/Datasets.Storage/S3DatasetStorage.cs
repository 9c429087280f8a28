using System.Buffers;
using System.Net;
using Amazon.S3;
using Amazon.Runtime;
using Amazon.S3.Model;
using Microsoft.Extensions.Logging;

namespace ModelRisk.Datasets.Storage;

/// <summary>
/// Datasets as objects in an S3-compatible bucket. A write is a multipart upload of parts of
/// <see cref="S3StorageOptions.PartSizeBytes"/>, each read into one reused buffer and inspected on the way, so memory
/// stays at one part whatever the size; it is completed only once the whole content is accepted and aborted
/// otherwise, so the object appears whole or not at all. A dataset smaller than a part is one PUT.
/// </summary>
public sealed class S3DatasetStorage(IAmazonS3 client, S3StorageOptions options, ILogger<S3DatasetStorage>? logger = null)
    : IDatasetStorage, IDisposable
{
    private readonly SemaphoreSlim _bucketCheck = new(1, 1);
    private volatile bool _bucketReady = !options.CreateBucket;

    public async Task<DatasetWrite> WriteAsync(string key, Stream content, long maxBytes, CancellationToken ct)
    {
        var objectKey = ObjectKey(key);
        ArgumentNullException.ThrowIfNull(content);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes);
        await EnsureBucketAsync(ct);
        var partSize = Math.Max(options.PartSizeBytes, S3StorageOptions.MinPartSizeBytes);
        var buffer = ArrayPool<byte>.Shared.Rent(partSize);
        using var inspector = new DatasetInspector();
        string? uploadId = null;
        var completed = false;
        var parts = new List<PartETag>();
        try
        {
            while (true)
            {
                var filled = 0;
                var ended = false;
                while (filled < partSize)
                {
                    var read = await content.ReadAsync(buffer.AsMemory(filled, partSize - filled), ct);
                    if (read == 0)
                    {
                        ended = true;
                        break;
                    }
                    if (inspector.Length + read > maxBytes)
                    {
                        return DatasetWrite.Rejected(DatasetStorageLimits.TooLarge(maxBytes));
                    }
                    inspector.Append(buffer.AsSpan(filled, read));
                    if (inspector.EarlyRejection is { } early)
                    {
                        return DatasetWrite.Rejected(new DatasetRejection(DatasetRejectionKind.NotADataset, early));
                    }
                    filled += read;
                }
                if (ended && uploadId is null)
                {
                    // Everything fits in one part: judge it, then one PUT.
                    var (single, refused) = inspector.Complete(key);
                    if (single is null)
                    {
                        return DatasetWrite.Rejected(new DatasetRejection(DatasetRejectionKind.NotADataset, refused!));
                    }
                    using var body = new MemoryStream(buffer, 0, filled, writable: false);
                    await client.PutObjectAsync(new PutObjectRequest
                    {
                        BucketName = options.Bucket,
                        Key = objectKey,
                        InputStream = body,
                        AutoCloseStream = false,
                        UseChunkEncoding = false,
                        ContentType = ContentTypeOf(single.Format),
                    }, ct);
                    completed = true;
                    return DatasetWrite.Accepted(single);
                }
                uploadId ??= (await client.InitiateMultipartUploadAsync(
                    new InitiateMultipartUploadRequest { BucketName = options.Bucket, Key = objectKey }, ct)).UploadId;
                if (filled > 0)
                {
                    using var part = new MemoryStream(buffer, 0, filled, writable: false);
                    var partNumber = parts.Count + 1;
                    var uploaded = await client.UploadPartAsync(new UploadPartRequest
                    {
                        BucketName = options.Bucket,
                        Key = objectKey,
                        UploadId = uploadId,
                        PartNumber = partNumber,
                        PartSize = filled,
                        InputStream = part,
                        UseChunkEncoding = false,
                    }, ct);
                    parts.Add(new PartETag(partNumber, uploaded.ETag));
                }
                if (!ended)
                {
                    continue;
                }
                var (stored, rejection) = inspector.Complete(key);
                if (stored is null)
                {
                    return DatasetWrite.Rejected(new DatasetRejection(DatasetRejectionKind.NotADataset, rejection!));
                }
                ct.ThrowIfCancellationRequested();
                var complete = new CompleteMultipartUploadRequest { BucketName = options.Bucket, Key = objectKey, UploadId = uploadId };
                complete.AddPartETags(parts);
                await client.CompleteMultipartUploadAsync(complete, ct);
                completed = true;
                return DatasetWrite.Accepted(stored);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            if (uploadId is not null && !completed)
            {
                await AbortAsync(objectKey, uploadId);
            }
        }
    }

    public async Task<Stream> OpenReadAsync(string key, long offset = 0, long? length = null, CancellationToken ct = default)
    {
        var objectKey = ObjectKey(key);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        if (length is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, "A range length cannot be negative.");
        }
        if (length == 0)
        {
            return await GetSizeAsync(key, ct) is null ? throw DatasetNotFoundException.For(key) : Stream.Null;
        }
        var request = new GetObjectRequest { BucketName = options.Bucket, Key = objectKey };
        if (length is { } count)
        {
            request.ByteRange = new ByteRange(offset, offset + count - 1);
        }
        else if (offset > 0)
        {
            request.ByteRange = new ByteRange($"bytes={offset}-");
        }
        try
        {
            var response = await client.GetObjectAsync(request, ct);
            return new ReadOnlyRangeStream(response.ResponseStream, length, response);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            throw DatasetNotFoundException.For(key);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
        {
            // The object is there; the range starts at or past its end.
            return Stream.Null;
        }
    }

    public async Task WriteObjectAsync(string key, ReadOnlyMemory<byte> content, CancellationToken ct)
    {
        var objectKey = ObjectKey(key);
        await EnsureBucketAsync(ct);
        // One PUT: an object appears whole or not at all. Run objects are statistics and reports, far below the 5 GB PUT limit.
        using var body = new MemoryStream(content.ToArray(), writable: false);
        await client.PutObjectAsync(new PutObjectRequest
        {
            BucketName = options.Bucket,
            Key = objectKey,
            InputStream = body,
            AutoCloseStream = false,
            UseChunkEncoding = false,
            ContentType = "application/octet-stream",
        }, ct);
    }

    public async Task<LocalDatasetFile> GetLocalFileAsync(string key, CancellationToken ct)
    {
        var directory = options.TempDirectory ?? Path.GetTempPath();
        var path = Path.Combine(directory, $"dataset-{Guid.NewGuid():N}");
        try
        {
            await using var source = await OpenReadAsync(key, 0, null, ct);
            await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 128 * 1024, FileOptions.Asynchronous);
            await source.CopyToAsync(file, ct);
        }
        catch
        {
            File.Delete(path);
            throw;
        }
        return new LocalDatasetFile(path, temporary: true);
    }

    public async Task DeleteAsync(string key, CancellationToken ct) =>
        await client.DeleteObjectAsync(new DeleteObjectRequest { BucketName = options.Bucket, Key = ObjectKey(key) }, ct);

    public async Task<long?> GetSizeAsync(string key, CancellationToken ct)
    {
        try
        {
            var metadata = await client.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = options.Bucket, Key = ObjectKey(key) }, ct);
            return metadata.ContentLength;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public void Dispose() => _bucketCheck.Dispose();

    /// <summary>
    /// Releases the parts of an upload that will not complete. They were never visible as an object; a server that
    /// cannot abort (or is unreachable now) keeps them until the bucket's rule for incomplete uploads removes them,
    /// so a failed abort is logged and never hides why the write stopped.
    /// </summary>
    private async Task AbortAsync(string objectKey, string uploadId)
    {
        try
        {
            // Not the caller's token: a cancelled write must still release the parts it uploaded.
            await client.AbortMultipartUploadAsync(new AbortMultipartUploadRequest
            {
                BucketName = options.Bucket,
                Key = objectKey,
                UploadId = uploadId,
            }, CancellationToken.None);
        }
        catch (Exception e) when (e is AmazonServiceException or HttpRequestException or IOException)
        {
            logger?.LogWarning(e, "Could not abort the multipart upload {UploadId} of {Key}; its parts stay until the bucket's lifecycle rule removes them",
                uploadId, objectKey);
        }
    }

    private string ObjectKey(string key)
    {
        DatasetKeys.Validate(key);
        return options.Prefix + key;
    }

    private static string ContentTypeOf(DatasetFormat format) =>
        format == DatasetFormat.Parquet ? "application/vnd.apache.parquet" : "text/csv";

    private async Task EnsureBucketAsync(CancellationToken ct)
    {
        if (_bucketReady)
        {
            return;
        }
        await _bucketCheck.WaitAsync(ct);
        try
        {
            if (!_bucketReady)
            {
                try
                {
                    await client.PutBucketAsync(new PutBucketRequest { BucketName = options.Bucket }, ct);
                }
                catch (AmazonS3Exception e) when (e.ErrorCode is "BucketAlreadyOwnedByYou" or "BucketAlreadyExists")
                {
                }
                _bucketReady = true;
            }
        }
        finally
        {
            _bucketCheck.Release();
        }
    }
}
