using System.ComponentModel.DataAnnotations;

namespace ModelRisk.ValidationWorker;

/// <summary>Settings bound from <c>Worker</c>.</summary>
public sealed class WorkerOptions
{
    public const string SectionName = "Worker";

    /// <summary>Jobs this process runs at once; 0 means one per core. Each job is CPU-bound, so more than the cores only adds memory.</summary>
    [Range(0, 1024)]
    public int Concurrency { get; set; }

    /// <summary>
    /// The engine's memory budget per job: above it, score and label are streamed through the exact accumulator instead of
    /// held whole. With <see cref="Concurrency"/> jobs at once, the process needs about Concurrency × this plus the runtime.
    /// </summary>
    [Range(16L * 1024 * 1024, long.MaxValue)]
    public long JobMemoryBudgetBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>A dataset larger than this is split into shards of about this size, each a job of its own.</summary>
    [Range(1024L, long.MaxValue)]
    public long ShardBytes { get; set; } = 128L * 1024 * 1024;

    /// <summary>How long SIGTERM waits for running jobs; a job still running then is released to the queue (not acknowledged).</summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(25);

    /// <summary>This process's name in reports and metrics; the host name (the pod's name on Kubernetes) by default.</summary>
    public string? Instance { get; set; }

    /// <summary>Where downloaded data and links with the right file extension are kept while a job runs.</summary>
    public string? ScratchDirectory { get; set; }

    /// <summary>
    /// Downloads from object storage kept between jobs (<see cref="DownloadCache"/>), so a run's jobs on one worker
    /// download its data once; copies no job uses are deleted beyond this many bytes. 0 keeps nothing.
    /// </summary>
    [Range(0L, long.MaxValue)]
    public long DownloadCacheBytes { get; set; } = 8L * 1024 * 1024 * 1024;

    public int EffectiveConcurrency => Concurrency > 0 ? Concurrency : Environment.ProcessorCount;

    public string EffectiveInstance => string.IsNullOrWhiteSpace(Instance) ? Environment.MachineName : Instance;
}
