using MassTransit;
using Microsoft.Extensions.Options;
using ModelRisk.Contracts.Validation.V1;
using ModelRisk.Validation.Engine.Sharding;

namespace ModelRisk.ValidationWorker.Jobs;

/// <summary>
/// One shard: its mergeable statistics go to the store under the run's deterministic key (a redelivery overwrites the
/// same object), then Assessment is told. Assessment ignores a second report of a shard it already has.
/// </summary>
public sealed class ValidateShardConsumer(
    JobFiles files,
    RunCancellation cancellation,
    WorkerMetrics metrics,
    IOptions<WorkerOptions> options,
    TimeProvider time,
    ILogger<ValidateShardConsumer> logger) : IConsumer<ValidateShard>
{
    public async Task Consume(ConsumeContext<ValidateShard> context)
    {
        var job = context.Message;
        var cancellationToken = context.CancellationToken;
        if (!Enum.TryParse<ShardUnit>(job.Unit, out var unit) || job.Index < 0 || job.Index >= job.Count || job.Start > job.End)
        {
            throw new InvalidOperationException($"shard {job.Index} of {job.Count} ({job.Unit} {job.Start}-{job.End}) of run {job.RunId} is not a valid shard");
        }

        if (await cancellation.IsCancelledAsync(job.RunId, cancellationToken))
        {
            logger.LogInformation("Run {RunId} was cancelled; shard {Index} skipped", job.RunId, job.Index);
            return;
        }

        using var scope = metrics.Start("shard", context.SentTime, time);
        await using var input = await files.OpenAsync(job.Spec, cancellationToken);
        try
        {
            var shard = new ShardSpec(job.Index, job.Count, unit, job.Start, job.End);
            var statistics = await Task.Run(
                () => ShardedValidation.RunShard(input.Request, shard, new EngineProgress(job.RunId, cancellation)), cancellationToken);
            var key = ValidationRunKeys.Shard(job.RunId, job.Index);
            await files.WriteAsync(key, statistics.ToBytes(), cancellationToken);
            metrics.Rows(statistics.Rows);
            await context.Publish(
                new ValidationShardCompleted(job.RunId, job.Index, statistics.Rows, key, options.Value.EffectiveInstance, time.GetUtcNow()), cancellationToken);
            scope.Complete();
        }
        catch (RunCancelledException)
        {
            logger.LogInformation("Run {RunId} was cancelled; shard {Index} stopped", job.RunId, job.Index);
            scope.Cancel();
        }
    }
}
