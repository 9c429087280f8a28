using ModelRisk.Validation.Engine.Running;

namespace ModelRisk.ValidationWorker.Jobs;

/// <summary>
/// The engine reports progress after every chunk it reads, on its own thread; this checks there whether the run was
/// cancelled, and throwing from it is what stops the engine mid-file.
/// </summary>
public sealed class EngineProgress(string runId, RunCancellation cancellation) : IProgress<ReadProgress>
{
    public void Report(ReadProgress value) => cancellation.ThrowIfCancelled(runId);
}
