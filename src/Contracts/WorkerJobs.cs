using ModelRisk.Contracts.Monitoring.V1;
using ModelRisk.Contracts.Validation.V1;

namespace ModelRisk.Contracts;

/// <summary>
/// The validation workers' one queue and the jobs published to it. The workers consume it as competing consumers; every
/// service that publishes a job declares the queue and its bindings too, so a job published before any worker has ever
/// started (a fresh broker, workers scaled to zero) waits in the queue instead of being dropped by an exchange with
/// nothing bound to it.
/// </summary>
public static class WorkerJobs
{
    /// <summary>The queue's name; KEDA scales the workers on its length.</summary>
    public const string Queue = "validation-worker-jobs";

    /// <summary>Every message type the workers consume from <see cref="Queue"/>.</summary>
    public static IReadOnlyList<Type> MessageTypes { get; } =
    [
        typeof(PlanValidationRun),
        typeof(ValidateShard),
        typeof(MergeValidationRun),
        typeof(EvaluateMonitoringWindow),
    ];
}
