namespace ModelRisk.Assessment.Models.Runs;

/// <summary>
/// Queued (waiting for a worker to plan it) → Running (shards queued or running) → Merging (every shard reported) →
/// Succeeded; a run of one shard goes from Queued straight to Succeeded. Failed and Cancelled end a run from any
/// state before Succeeded.
/// </summary>
public enum ValidationRunState
{
    Queued,
    Running,
    Merging,
    Succeeded,
    Failed,
    Cancelled,
}
