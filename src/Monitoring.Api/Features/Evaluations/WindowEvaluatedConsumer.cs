using MassTransit;
using Microsoft.EntityFrameworkCore;
using ModelRisk.Contracts.Monitoring.V1;
using ModelRisk.Messaging;
using ModelRisk.Monitoring.Data;
using ModelRisk.Monitoring.Features.Points;
using ModelRisk.Monitoring.Models.Points;

namespace ModelRisk.Monitoring.Features.Evaluations;

/// <summary>
/// A worker's values of a window become metric points stamped at the window's end, in the inbox's transaction: the
/// evaluation completes once, each value is stored once (the point key), and each new point goes through the alert
/// engine with the window's first prediction as the start of a breach's lead time. An undefined value (no labels yet,
/// one class) is kept on the evaluation with its reason and makes no point.
/// </summary>
public sealed partial class WindowEvaluatedConsumer(MonitoringDbContext db, PointIngest ingest, MonitoringMeter meter, TimeProvider time,
    ILogger<WindowEvaluatedConsumer> logger) : IdempotentConsumer<MonitoringWindowEvaluated, MonitoringDbContext>(db)
{
    protected override async Task HandleAsync(ConsumeContext<MonitoringWindowEvaluated> context, MonitoringDbContext db, CancellationToken cancellationToken)
    {
        var result = context.Message;
        var evaluation = await db.Evaluations.FirstOrDefaultAsync(e => e.Id == result.EvaluationId, cancellationToken);
        if (evaluation is null || !evaluation.Complete(result, time.GetUtcNow()))
        {
            LogIgnored(logger, result.EvaluationId, evaluation?.State.ToString() ?? "unknown");
            return;
        }
        var at = result.WindowEnd.ToUnixTimeMilliseconds();
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var firstDataAt = result.FirstPredictionAt ?? result.WindowStart;
        var points = result.Values.Where(v => v.Value is { } x && double.IsFinite(x) && MetricNames.IsValid(v.Metric)).Select(v =>
        {
            var labels = v.Column is null ? null : new Dictionary<string, string> { [SeriesLabels.ColumnLabel] = v.Column };
            return new NewPoint(new MetricPoint
            {
                ModelId = evaluation.ModelId,
                Metric = v.Metric,
                Series = SeriesLabels.Canonical(labels),
                At = at,
                Org = evaluation.Org,
                Value = v.Value!.Value,
                Source = PointSource.Evaluated,
                IngestedAt = now,
            }, v.Column, firstDataAt);
        }).ToList();
        var outcomes = await ingest.StoreAsync(points, cancellationToken);
        if (outcomes.Contains(PointOutcome.Conflict))
        {
            // A point of this window's instant was pushed with another value: the stored one stays; the evaluation keeps the computed one.
            LogConflict(logger, result.EvaluationId);
        }
        meter.Evaluated("completed");
        ingest.Ingested(outcomes.Count(o => o == PointOutcome.Inserted), PointSource.Evaluated);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Result of monitoring window {EvaluationId} ignored: the window is {State}")]
    private static partial void LogIgnored(ILogger logger, string evaluationId, string state);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Window {EvaluationId}: some values conflict with points pushed for the same instant; the pushed points stay")]
    private static partial void LogConflict(ILogger logger, string evaluationId);
}

/// <summary>
/// A worker gave up on a window after its retries: the evaluation fails with the reason. The engine's data errors are
/// written for the team that logged the data and shown as they are; anything else is named by type only.
/// </summary>
public sealed partial class EvaluateWindowFaultConsumer(MonitoringDbContext db, MonitoringMeter meter, TimeProvider time, ILogger<EvaluateWindowFaultConsumer> logger)
    : IdempotentConsumer<Fault<EvaluateMonitoringWindow>, MonitoringDbContext>(db)
{
    private const string InputException = "ModelRisk.Validation.Engine.Data.InputException";

    protected override async Task HandleAsync(ConsumeContext<Fault<EvaluateMonitoringWindow>> context, MonitoringDbContext db, CancellationToken cancellationToken)
    {
        var fault = context.Message;
        var evaluation = await db.Evaluations.FirstOrDefaultAsync(e => e.Id == fault.Message.EvaluationId, cancellationToken);
        var exception = fault.Exceptions.FirstOrDefault();
        var reason = exception is null ? "The window failed on a validation worker."
            : exception.ExceptionType == InputException ? exception.Message
            : $"The window failed on a validation worker ({exception.ExceptionType}); the worker's log has the details.";
        if (evaluation is null || !evaluation.Fail(reason, time.GetUtcNow()))
        {
            LogIgnored(logger, fault.Message.EvaluationId);
            return;
        }
        meter.Evaluated("failed");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Fault of monitoring window {EvaluationId} ignored: it is not queued")]
    private static partial void LogIgnored(ILogger logger, string evaluationId);
}
