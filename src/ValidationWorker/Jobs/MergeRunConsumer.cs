using MassTransit;
using ModelRisk.Contracts.Validation.V1;
using ModelRisk.Validation.Engine.Sharding;

namespace ModelRisk.ValidationWorker.Jobs;

/// <summary>Every shard has reported: merge their statistics (and read the reference) into the run's result, equal to one pass.</summary>
public sealed class MergeRunConsumer(
    JobFiles files,
    ResultPublisher results,
    RunCancellation cancellation,
    WorkerMetrics metrics,
    TimeProvider time,
    ILogger<MergeRunConsumer> logger) : IConsumer<MergeValidationRun>
{
    public async Task Consume(ConsumeContext<MergeValidationRun> context)
    {
        var job = context.Message;
        var cancellationToken = context.CancellationToken;
        if (await cancellation.IsCancelledAsync(job.RunId, cancellationToken))
        {
            logger.LogInformation("Run {RunId} was cancelled before its merge", job.RunId);
            return;
        }

        using var scope = metrics.Start("merge", context.SentTime, time);
        var shards = new List<ShardStatistics>(job.ShardCount);
        for (var index = 0; index < job.ShardCount; index++)
        {
            shards.Add(ShardStatistics.FromBytes(await files.ReadAsync(ValidationRunKeys.Shard(job.RunId, index), cancellationToken)));
        }

        await using var input = await files.OpenAsync(job.Spec, cancellationToken);
        try
        {
            cancellation.ThrowIfCancelled(job.RunId);
            var result = await Task.Run(() => ShardedValidation.Merge(input.Request, shards), cancellationToken);
            await results.PublishAsync(context, job.RunId, result, cancellationToken);
            scope.Complete();
        }
        catch (RunCancelledException)
        {
            logger.LogInformation("Run {RunId} was cancelled during its merge", job.RunId);
            scope.Cancel();
        }
    }
}
