namespace ModelRisk.ValidationWorker;

/// <summary>Thrown out of the engine's progress callback to stop a job whose run was cancelled.</summary>
public sealed class RunCancelledException(string runId) : OperationCanceledException($"run {runId} was cancelled")
{
    public string RunId { get; } = runId;
}
