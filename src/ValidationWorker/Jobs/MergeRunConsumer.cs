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
        await using var input = await files.OpenAsync(job.Spec, cancellationToken);
        try
        {
            // One shard's statistics at a time, read, folded in and dropped: the merge holds the merged tables and
            // one shard, not every shard at once (docs/adr/070-sharded-validation.md).
            var merge = new ShardMerge(input.Request, job.ShardCount);
            for (var index = 0; index < job.ShardCount; index++)
            {
                cancellation.ThrowIfCancelled(job.RunId);
                await FoldAsync(merge, ValidationRunKeys.Shard(job.RunId, index), cancellationToken);
            }

            cancellation.ThrowIfCancelled(job.RunId);
            var result = await Task.Run(merge.Complete, cancellationToken);
            await results.PublishAsync(context, job.RunId, result, cancellationToken);
            scope.Complete();
        }
        catch (RunCancelledException)
        {
            logger.LogInformation("Run {RunId} was cancelled during its merge", job.RunId);
            scope.Cancel();
        }
    }

    /// <summary>
    /// Reads one shard's statistics and folds them in. A method of its own so that nothing of the shard (its bytes,
    /// its parsed tables) outlives the fold in the caller's state while the next shard is read.
    /// </summary>
    private async Task FoldAsync(ShardMerge merge, string key, CancellationToken cancellationToken)
    {
        var shard = ShardStatistics.FromBytes(await files.ReadAsync(key, cancellationToken));
        await Task.Run(() => merge.Add(shard), cancellationToken);
    }
}
