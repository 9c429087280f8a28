using Amazon.S3;
using Amazon.S3.Model;

namespace ModelRisk.Datasets.Storage.Tests;

/// <summary>A store under test and a way to list everything it left behind, seen from outside the store.</summary>
public sealed class TestStore : IAsyncDisposable
{
    private readonly string? _root;
    private readonly IAmazonS3? _client;
    private readonly S3StorageOptions? _s3;
    private readonly RecordingHttpClientFactory? _http;

    private TestStore(IDatasetStorage storage, string? root, IAmazonS3? client, S3StorageOptions? s3, RecordingHttpClientFactory? http = null)
    {
        _http = http;
        Storage = storage;
        _root = root;
        _client = client;
        _s3 = s3;
    }

    public IDatasetStorage Storage { get; }

    public static TestStore Local(string root) => new(new LocalFileDatasetStorage(root), root, null, null);

    public static TestStore S3(S3StorageOptions options)
    {
        var http = new RecordingHttpClientFactory();
        var client = DatasetStorageRegistration.CreateClient(options, config => config.HttpClientFactory = http);
        return new TestStore(new S3DatasetStorage(client, options), null, client, options, http);
    }

    /// <summary>Every file under the root (temporary ones included), or every object under the prefix, as keys.</summary>
    public async Task<IReadOnlyList<string>> EverythingStoredAsync()
    {
        if (_root is not null)
        {
            return [.. Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(_root, f).Replace('\\', '/')).Order()];
        }
        var listed = await _client!.ListObjectsV2Async(new ListObjectsV2Request { BucketName = _s3!.Bucket, Prefix = _s3.Prefix });
        return [.. (listed.S3Objects ?? []).Select(o => o.Key[_s3.Prefix.Length..]).Order()];
    }

    /// <summary>Whether the store asked the S3 server to abort a multipart upload (always false for the filesystem).</summary>
    public bool AbortedAnUpload => _http?.Requests.Any(r => r.StartsWith("DELETE ", StringComparison.Ordinal) && r.Contains("uploadId=", StringComparison.Ordinal)) ?? false;

    /// <summary>Temporary copies the store made on this machine (S3's local files).</summary>
    public IReadOnlyList<string> TemporaryFiles() =>
        _s3?.TempDirectory is { } temp ? [.. Directory.EnumerateFiles(temp)] : [];

    public async ValueTask DisposeAsync()
    {
        if (_root is not null)
        {
            Directory.Delete(_root, recursive: true);
        }
        if (_s3?.TempDirectory is { } temp)
        {
            Directory.Delete(temp, recursive: true);
        }
        (Storage as IDisposable)?.Dispose();
        _client?.Dispose();
        await Task.CompletedTask;
    }
}
