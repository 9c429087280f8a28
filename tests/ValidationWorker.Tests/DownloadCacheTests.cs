using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using ModelRisk.Datasets.Storage;

namespace ModelRisk.ValidationWorker.Tests;

/// <summary>The worker's cache of downloads: one download per object for a run's jobs, bounded, never deleting a file in use.</summary>
public sealed class DownloadCacheTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "mrp-cache-" + Guid.NewGuid().ToString("N"));

    public DownloadCacheTests() => Directory.CreateDirectory(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task The_jobs_of_a_run_download_an_object_once_even_when_they_ask_at_the_same_time()
    {
        var store = new DownloadingStore(_directory, delay: TimeSpan.FromMilliseconds(200));
        await using var cache = Cache(store, cacheBytes: 1_000_000);

        var leases = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => cache.AcquireAsync("datasets/acme/data", CancellationToken.None)));
        Assert.Single(leases.Select(l => l.Path).Distinct());
        Assert.Equal("data", await File.ReadAllTextAsync(leases[0].Path));
        foreach (var lease in leases)
        {
            await lease.DisposeAsync();
        }

        // Kept after every job released it: the next job of the run finds it here.
        await using (var later = await cache.AcquireAsync("datasets/acme/data", CancellationToken.None))
        {
            Assert.True(File.Exists(later.Path));
        }
        Assert.Equal(1, store.Downloads["datasets/acme/data"]);
        Assert.Equal(1, cache.Fetches);
    }

    [Fact]
    public async Task Beyond_its_size_the_least_recently_used_copy_no_job_holds_is_deleted_and_a_copy_in_use_never_is()
    {
        var store = new DownloadingStore(_directory, size: 100);
        var clock = new ManualClock();
        await using var cache = Cache(store, cacheBytes: 250, clock);

        var a = await cache.AcquireAsync("a", CancellationToken.None);
        var b = await cache.AcquireAsync("b", CancellationToken.None);
        await b.DisposeAsync();
        clock.Advance();
        var c = await cache.AcquireAsync("c", CancellationToken.None);
        var d = await cache.AcquireAsync("d", CancellationToken.None);
        await d.DisposeAsync();

        // 400 bytes held for a limit of 250: b (released first) and then d go; a and c are in use and stay.
        Assert.True(File.Exists(a.Path));
        Assert.True(File.Exists(c.Path));
        Assert.False(File.Exists(b.Path));
        Assert.False(File.Exists(d.Path));
        Assert.Equal(200, cache.HeldBytes);

        await a.DisposeAsync();
        await c.DisposeAsync();
        Assert.Equal(200, cache.HeldBytes);
        await using var again = await cache.AcquireAsync("b", CancellationToken.None);
        Assert.Equal(2, store.Downloads["b"]);
    }

    [Fact]
    public async Task A_failed_download_is_not_kept_and_the_next_job_tries_again()
    {
        var store = new DownloadingStore(_directory) { FailNext = 1 };
        await using var cache = Cache(store, cacheBytes: 1_000_000);

        await Assert.ThrowsAsync<IOException>(() => cache.AcquireAsync("flaky", CancellationToken.None));
        await using var second = await cache.AcquireAsync("flaky", CancellationToken.None);

        Assert.True(File.Exists(second.Path));
        Assert.Equal(2, store.Downloads["flaky"]);
    }

    [Fact]
    public async Task A_store_whose_files_are_local_is_used_in_place_and_nothing_is_kept()
    {
        var store = new DownloadingStore(_directory, local: true);
        await using var cache = Cache(store, cacheBytes: 1_000_000);

        var first = await cache.AcquireAsync("datasets/acme/data", CancellationToken.None);
        await first.DisposeAsync();

        Assert.True(File.Exists(first.Path));
        Assert.Equal(0, cache.HeldBytes);
    }

    private static DownloadCache Cache(IDatasetStorage store, long cacheBytes, TimeProvider? clock = null) =>
        new(store, Options.Create(new WorkerOptions { DownloadCacheBytes = cacheBytes }), clock ?? TimeProvider.System);

    private sealed class ManualClock : TimeProvider
    {
        private DateTimeOffset now = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => now;

        public void Advance() => now = now.AddMinutes(1);
    }

    /// <summary>A store whose local files are downloads (as object storage's are), counted per key.</summary>
    private sealed class DownloadingStore(string directory, TimeSpan? delay = null, int size = 4, bool local = false) : IDatasetStorage
    {
        public ConcurrentDictionary<string, int> Downloads { get; } = new();

        public int FailNext { get; set; }

        public async Task<LocalDatasetFile> GetLocalFileAsync(string key, CancellationToken ct)
        {
            Downloads.AddOrUpdate(key, 1, (_, n) => n + 1);
            if (delay is { } wait)
            {
                await Task.Delay(wait, ct);
            }
            if (FailNext > 0)
            {
                FailNext--;
                throw new IOException($"the download of {key} broke off");
            }
            var path = Path.Combine(directory, Guid.NewGuid().ToString("N"));
            await File.WriteAllTextAsync(path, size == 4 ? "data" : new string('x', size), ct);
            return new LocalDatasetFile(path, temporary: !local);
        }

        public Task<DatasetWrite> WriteAsync(string key, Stream content, long maxBytes, CancellationToken ct) => throw new NotSupportedException();

        public Task<Stream> OpenReadAsync(string key, long offset = 0, long? length = null, CancellationToken ct = default) => throw new NotSupportedException();

        public Task WriteObjectAsync(string key, ReadOnlyMemory<byte> content, CancellationToken ct) => throw new NotSupportedException();

        public Task DeleteAsync(string key, CancellationToken ct) => throw new NotSupportedException();

        public Task<long?> GetSizeAsync(string key, CancellationToken ct) => throw new NotSupportedException();
    }
}
