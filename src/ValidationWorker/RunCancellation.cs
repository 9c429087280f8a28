using System.Collections.Concurrent;
using ModelRisk.Contracts.Validation.V1;
using ModelRisk.Datasets.Storage;

namespace ModelRisk.ValidationWorker;

/// <summary>
/// Whether a run was cancelled: Assessment writes a marker object into the store, which every worker shares, so
/// cancellation needs no broker topology per worker. Looked up before a job starts and at most once a second while it
/// runs; a cancelled run stays cancelled, so a positive answer is kept.
/// </summary>
public sealed class RunCancellation(IDatasetStorage storage, TimeProvider time)
{
    private static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);
    private readonly ConcurrentDictionary<string, bool> cancelled = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> lastChecked = new(StringComparer.Ordinal);

    public async Task<bool> IsCancelledAsync(string runId, CancellationToken cancellationToken)
    {
        if (cancelled.ContainsKey(runId))
        {
            return true;
        }

        lastChecked[runId] = time.GetUtcNow();
        if (await storage.ExistsAsync(ValidationRunKeys.Cancelled(runId), cancellationToken))
        {
            cancelled[runId] = true;
            return true;
        }

        return false;
    }

    /// <summary>For the engine's progress callback (synchronous): throws <see cref="OperationCanceledException"/> once the run is cancelled.</summary>
    public void ThrowIfCancelled(string runId)
    {
        if (cancelled.ContainsKey(runId))
        {
            throw new RunCancelledException(runId);
        }

        if (lastChecked.TryGetValue(runId, out var at) && time.GetUtcNow() - at < CheckInterval)
        {
            return;
        }

        if (IsCancelledAsync(runId, CancellationToken.None).GetAwaiter().GetResult())
        {
            throw new RunCancelledException(runId);
        }
    }
}
