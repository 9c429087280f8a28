using MassTransit;
using Microsoft.Extensions.Options;
using ModelRisk.Contracts.Validation.V1;
using ModelRisk.Validation.Engine.Running;
using ModelRisk.Validation.Engine.Sharding;

namespace ModelRisk.ValidationWorker.Jobs;

/// <summary>
/// A run's first job: split the data into shards of about <see cref="WorkerOptions.ShardBytes"/>. One shard is validated
/// here in one pass, saving the round trips of a shard job and a merge; more are handed back to Assessment, which
/// records them and queues a job per shard.
/// </summary>
public sealed class PlanRunConsumer(
    JobFiles files,
    ResultPublisher results,
    RunCancellation cancellation,
    WorkerMetrics metrics,
    IOptions<WorkerOptions> options,
    TimeProvider time,
    ILogger<PlanRunConsumer> logger) : IConsumer<PlanValidationRun>
{
    public async Task Consume(ConsumeContext<PlanValidationRun> context)
    {
        var job = context.Message;
        var cancellationToken = context.CancellationToken;
        if (await cancellation.IsCancelledAsync(job.RunId, cancellationToken))
        {
            logger.LogInformation("Run {RunId} was cancelled before it was planned", job.RunId);
            return;
        }

        using var scope = metrics.Start("plan", context.SentTime, time);
        await using var input = await files.OpenAsync(job.Spec, cancellationToken);
        var shards = ShardSplitter.Split(input.Request.DataPath, options.Value.ShardBytes);
        try
        {
            if (shards.Count == 1)
            {
                var result = await Task.Run(() => new ValidationRunner(new EngineProgress(job.RunId, cancellation)).Run(input.Request), cancellationToken);
                metrics.Rows(result.Rows);
                await results.PublishAsync(context, job.RunId, result, cancellationToken);
            }
            else
            {
                var ranges = shards.Select(s => new ValidationShardRange(s.Index, s.Unit.ToString(), s.Start, s.End)).ToList();
                await context.Publish(new ValidationRunPlanned(job.RunId, ranges, time.GetUtcNow()), cancellationToken);
            }

            scope.Complete();
        }
        catch (RunCancelledException)
        {
            logger.LogInformation("Run {RunId} was cancelled while it ran", job.RunId);
            scope.Cancel();
        }
    }
}
