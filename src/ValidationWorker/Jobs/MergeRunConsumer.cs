using MassTransit;
using ModelRisk.Contracts.Validation.V1;
using ModelRisk.Datasets.Storage;
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
        var shardFiles = new List<LocalDatasetFile>(job.ShardCount);
        try
        {
            // Each shard's statistics are opened where they are (the store's file, or a download to scratch) and read
            // without their tables; the merge then reads every table block by block from these files, one merged
            // table at a time (docs/adr/070-sharded-validation.md). The files stay until the merge is complete.
            var merge = new ShardMerge(input.Request, job.ShardCount);
            for (var index = 0; index < job.ShardCount; index++)
            {
                cancellation.ThrowIfCancelled(job.RunId);
                var shardFile = await files.GetLocalAsync(ValidationRunKeys.Shard(job.RunId, index), cancellationToken);
                shardFiles.Add(shardFile);
                await Task.Run(() => merge.Add(ShardStatistics.Open(shardFile.Path)), cancellationToken);
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
        finally
        {
            foreach (var shardFile in shardFiles)
            {
                await shardFile.DisposeAsync();
            }
        }
    }
}
