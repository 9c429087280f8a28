using ModelRisk.Contracts.Monitoring.V1;
using ModelRisk.ServiceKit.Domain;

namespace ModelRisk.Monitoring.Models.Evaluations;

/// <summary>
/// One window of a plan, queued for the workers and completed by their result. Its id is deterministic
/// (<c>{planId}.{windowStart:yyyyMMddTHHmmssZ}</c>), so the scheduler catching up after downtime, a second replica
/// or an "evaluate now" of the same window can never queue it twice, and a redelivered result completes it once.
/// </summary>
public sealed class WindowEvaluation : Aggregate, IOrgOwned
{
    public string Org { get; private set; } = "";
    public string PlanId { get; private set; } = "";
    public string ModelId { get; private set; } = "";
    public DateTimeOffset WindowStart { get; private set; }
    public DateTimeOffset WindowEnd { get; private set; }
    public EvaluationState State { get; private set; }
    public string Trigger { get; private set; } = "";
    public DateTimeOffset QueuedAt { get; private set; }
    public DateTimeOffset? CompletedAt { get; private set; }
    public long? Rows { get; private set; }
    public long? LabelledRows { get; private set; }
    public string? Worker { get; private set; }

    /// <summary>Why the workers could not evaluate the window (bad log objects, a missing reference), after their retries.</summary>
    public string? FailureReason { get; private set; }

    /// <summary>The computed values (null with a reason where undefined), as the worker reported them.</summary>
    public List<WindowMetricValue> Values { get; private set; } = [];

    public static string IdFor(string planId, DateTimeOffset windowStart) => $"{planId}.{windowStart.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}";

    public static WindowEvaluation Queue(EvaluateMonitoringWindow job, string trigger, DateTimeOffset now)
    {
        var evaluation = new WindowEvaluation
        {
            Id = job.EvaluationId,
            Org = job.Org,
            PlanId = job.PlanId,
            ModelId = job.ModelId,
            WindowStart = job.WindowStart,
            WindowEnd = job.WindowEnd,
            State = EvaluationState.Queued,
            Trigger = trigger,
            QueuedAt = now,
        };
        evaluation.Touch();
        evaluation.Raise(job);
        return evaluation;
    }

    /// <summary>Completes a queued window with the workers' values; false when it is not queued (a redelivered or late result).</summary>
    public bool Complete(MonitoringWindowEvaluated result, DateTimeOffset now)
    {
        if (State != EvaluationState.Queued)
        {
            return false;
        }
        State = EvaluationState.Completed;
        CompletedAt = now;
        Rows = result.Rows;
        LabelledRows = result.LabelledRows;
        Worker = result.Worker;
        Values = [.. result.Values];
        Touch();
        return true;
    }

    public bool Fail(string reason, DateTimeOffset now)
    {
        if (State != EvaluationState.Queued)
        {
            return false;
        }
        State = EvaluationState.Failed;
        FailureReason = reason.Length <= 1000 ? reason : reason[..1000];
        CompletedAt = now;
        Touch();
        return true;
    }
}
