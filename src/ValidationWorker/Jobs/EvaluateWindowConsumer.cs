using MassTransit;
using Microsoft.Extensions.Options;
using ModelRisk.Contracts.Monitoring.V1;
using ModelRisk.ValidationWorker.Monitoring;

namespace ModelRisk.ValidationWorker.Jobs;

/// <summary>
/// A monitoring window (ADR 098): every value computed from the objects the job names, then Monitoring is told. The job
/// writes nothing, so a redelivery computes the same values and Monitoring, keyed by the evaluation id, keeps one.
/// A malformed object faults the job, after the bus's retries, with the object, the record and the reason.
/// </summary>
public sealed class EvaluateWindowConsumer(
    MonitoringWindowEvaluator evaluator,
    WorkerMetrics metrics,
    IOptions<WorkerOptions> options,
    TimeProvider time,
    ILogger<EvaluateWindowConsumer> logger) : IConsumer<EvaluateMonitoringWindow>
{
    public async Task Consume(ConsumeContext<EvaluateMonitoringWindow> context)
    {
        var job = context.Message;
        using var scope = metrics.Start("monitoring-window", context.SentTime, time);
        var evaluation = await evaluator.EvaluateAsync(job, context.CancellationToken);
        metrics.Rows(evaluation.Rows);
        await context.Publish(
            new MonitoringWindowEvaluated(
                job.EvaluationId,
                job.PlanId,
                job.Org,
                job.ModelId,
                job.WindowStart,
                job.WindowEnd,
                evaluation.Rows,
                evaluation.LabelledRows,
                evaluation.FirstPredictionAt,
                evaluation.LastPredictionAt,
                evaluation.Values,
                options.Value.EffectiveInstance,
                time.GetUtcNow()),
            context.CancellationToken);
        scope.Complete();
        logger.LogInformation(
            "Evaluation {EvaluationId} of plan {PlanId}: {Rows} rows, {Labelled} labelled, {Values} values",
            job.EvaluationId, job.PlanId, evaluation.Rows, evaluation.LabelledRows, evaluation.Values.Count);
    }
}
