using Microsoft.Extensions.Options;
using ModelRisk.Datasets.Storage;

namespace ModelRisk.ValidationWorker;

/// <summary>
/// Downloads of stored objects kept in scratch between jobs, so that the jobs of one run on one worker (the plan, each
/// shard, the merge) download its data and reference once rather than once each. Stored objects never change under
/// their key (an upload gets a new key; a prediction-log object is written once), so a copy stays valid as long as it
/// is kept. One download per key at a time: a second job asking for it waits for the first one's. Copies no job uses are
/// deleted, least recently used first, once the cache holds more than <see cref="WorkerOptions.DownloadCacheBytes"/>.
/// A store whose files are already local (the filesystem store, a shared volume) is not cached: its file is used in place.
/// </summary>
public sealed class DownloadCache(IDatasetStorage storage, IOptions<WorkerOptions> workerOptions, TimeProvider time) : IAsyncDisposable
{
    private readonly WorkerOptions options = workerOptions.Value;
    private readonly object gate = new();
    private readonly Dictionary<string, Entry> entries = new(StringComparer.Ordinal);

    /// <summary>Bytes of the copies held now, in use or not.</summary>
    public long HeldBytes
    {
        get
        {
            lock (gate)
            {
                return entries.Values.Sum(e => e.Size);
            }
        }
    }

    /// <summary>Fetches from the store since the process began (a download each, on object storage): one per key, plus one per key fetched again after its eviction or a failure.</summary>
    public int Fetches { get; private set; }

    /// <summary>The object at <paramref name="key"/> as a local file, kept at least until the returned object is disposed.</summary>
    public async Task<LocalObject> AcquireAsync(string key, CancellationToken cancellationToken)
    {
        if (options.DownloadCacheBytes <= 0)
        {
            var direct = await storage.GetLocalFileAsync(key, cancellationToken);
            return new LocalObject(direct.Path, [direct]);
        }

        Entry entry;
        lock (gate)
        {
            if (!entries.TryGetValue(key, out entry!) || entry.File.IsFaulted || entry.File.IsCanceled)
            {
                Fetches++;
                entry = new Entry(Task.Run(() => storage.GetLocalFileAsync(key, CancellationToken.None)));
                entries[key] = entry;
            }
            entry.Users++;
        }

        LocalDatasetFile file;
        try
        {
            // The download is not tied to this job's cancellation: another job may be waiting for it too.
            file = await entry.File.WaitAsync(cancellationToken);
        }
        catch
        {
            await ReleaseAsync(key, entry);
            throw;
        }

        if (!file.IsTemporary)
        {
            // The store's own file: nothing was downloaded, nothing to keep.
            await ReleaseAsync(key, entry);
            return new LocalObject(file.Path, []);
        }

        lock (gate)
        {
            entry.Size = new FileInfo(file.Path).Length;
        }
        return new LocalObject(file.Path, [new Lease(this, key, entry)]);
    }

    public async ValueTask DisposeAsync()
    {
        List<Entry> all;
        lock (gate)
        {
            all = [.. entries.Values];
            entries.Clear();
        }
        foreach (var entry in all.Where(e => e.File.IsCompletedSuccessfully && e.File.Result.IsTemporary))
        {
            await entry.File.Result.DisposeAsync();
        }
    }

    private async Task ReleaseAsync(string key, Entry entry)
    {
        List<LocalDatasetFile> evicted = [];
        lock (gate)
        {
            entry.Users--;
            entry.LastUsed = time.GetUtcNow();
            var kept = entry.File.IsCompletedSuccessfully && entry.File.Result.IsTemporary;
            if (!kept && entry.Users == 0 && entries.TryGetValue(key, out var current) && current == entry)
            {
                // A failed download is not kept (the next job tries again), nor the store's own file (nothing to keep).
                entries.Remove(key);
            }

            var held = entries.Values.Sum(e => e.Size);
            foreach (var (candidateKey, candidate) in entries.Where(e => e.Value.Users == 0 && e.Value.Size > 0)
                .OrderBy(e => e.Value.LastUsed).ToList())
            {
                if (held <= options.DownloadCacheBytes)
                {
                    break;
                }
                entries.Remove(candidateKey);
                held -= candidate.Size;
                evicted.Add(candidate.File.Result);
            }
        }
        foreach (var file in evicted)
        {
            await file.DisposeAsync();
        }
    }

    private sealed class Entry(Task<LocalDatasetFile> file)
    {
        public Task<LocalDatasetFile> File { get; } = file;

        public int Users { get; set; }

        public long Size { get; set; }

        public DateTimeOffset LastUsed { get; set; }
    }

    private sealed class Lease(DownloadCache cache, string key, Entry entry) : IAsyncDisposable
    {
        private int disposed;

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0)
            {
                await cache.ReleaseAsync(key, entry);
            }
        }
    }
}
