using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using ModelRisk.Contracts.Validation.V1;
using ModelRisk.Datasets.Storage;
using ModelRisk.Validation.Engine.Plans;
using ModelRisk.Validation.Engine.Running;

namespace ModelRisk.ValidationWorker;

/// <summary>
/// The files a job reads and the objects it writes: the run's data and reference as local paths the engine can open
/// (the store's own file on a shared volume, a download from object storage), named with the extension the engine
/// recognises the format by, and the statistics, result and report written back under the run's deterministic keys.
/// </summary>
public sealed class JobFiles(IDatasetStorage storage, DownloadCache downloads, IOptions<WorkerOptions> options)
{
    public string Scratch { get; } = CreateScratch(options.Value.ScratchDirectory);

    /// <summary>The engine's request for the run, with the data (and reference) opened as local files; dispose to release them.</summary>
    public async Task<JobInput> OpenAsync(ValidationRunSpec spec, CancellationToken cancellationToken)
    {
        var opened = new List<IAsyncDisposable>();
        try
        {
            var data = await LocalAsync("data", spec.DataKey, spec.DataFormat, opened, cancellationToken);
            var reference = spec.ReferenceKey is { } referenceKey
                ? await LocalAsync("reference", referenceKey, spec.ReferenceFormat ?? spec.DataFormat, opened, cancellationToken)
                : null;
            var plan = TestPlanLoader.ParseText(spec.PlanText, "run plan");
            var request = new ValidationRequest(
                data,
                spec.ScoreColumn,
                spec.LabelColumn,
                spec.GroupColumn,
                spec.Threshold,
                reference,
                spec.DriftColumns.Count == 0 ? null : spec.DriftColumns,
                plan,
                Options: new ValidationOptions(MemoryBudgetBytes: options.Value.JobMemoryBudgetBytes));
            return new JobInput(request, opened);
        }
        catch
        {
            foreach (var file in opened)
            {
                await file.DisposeAsync();
            }

            throw;
        }
    }

    /// <summary>One stored object as a local file the engine's readers open by its format's extension; dispose to release it.</summary>
    public async Task<LocalObject> OpenLocalAsync(string role, string key, string format, CancellationToken cancellationToken)
    {
        var opened = new List<IAsyncDisposable>();
        try
        {
            var path = await LocalAsync(role, key, format, opened, cancellationToken);
            return new LocalObject(path, opened);
        }
        catch
        {
            foreach (var file in opened)
            {
                await file.DisposeAsync();
            }

            throw;
        }
    }

    public Task WriteAsync(string key, byte[] content, CancellationToken cancellationToken) => storage.WriteObjectAsync(key, content, cancellationToken);

    /// <summary>A stored object as a local file (the store's own, or a download to scratch); dispose to release it.</summary>
    public Task<LocalDatasetFile> GetLocalAsync(string key, CancellationToken cancellationToken) => storage.GetLocalFileAsync(key, cancellationToken);

    public static string Sha256(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    // The engine tells CSV from Parquet by the extension; a stored object has none, so it is opened through a link
    // named after the object and its sniffed format (the file itself is not copied). The name is what the result's
    // "data" field shows, so it is the same for every job of a run and for a one-pass run of the same file.
    private async Task<string> LocalAsync(string role, string key, string format, List<IAsyncDisposable> opened, CancellationToken cancellationToken)
    {
        // Through the cache: on object storage the run's other jobs on this worker find the download already here.
        var local = await downloads.AcquireAsync(key, cancellationToken);
        opened.Add(local);
        var extension = string.Equals(format, "Parquet", StringComparison.OrdinalIgnoreCase) ? ".parquet" : ".csv";
        var directory = Path.Combine(Scratch, Guid.NewGuid().ToString("N"), role);
        Directory.CreateDirectory(directory);
        opened.Add(new DeleteOnDispose(Path.GetDirectoryName(directory)!));
        var link = Path.Combine(directory, key[(key.LastIndexOf('/') + 1)..] + extension);
        File.CreateSymbolicLink(link, local.Path);
        return link;
    }

    private static string CreateScratch(string? configured)
    {
        var path = string.IsNullOrWhiteSpace(configured) ? Path.Combine(Path.GetTempPath(), "mrp-worker") : configured;
        Directory.CreateDirectory(path);
        return path;
    }

    private sealed class DeleteOnDispose(string path) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            Directory.Delete(path, recursive: true);
            return ValueTask.CompletedTask;
        }
    }
}
