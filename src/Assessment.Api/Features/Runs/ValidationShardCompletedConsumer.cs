using MassTransit;
using Microsoft.EntityFrameworkCore;
using ModelRisk.Assessment.Data;
using ModelRisk.Contracts.Validation.V1;
using ModelRisk.Messaging;

namespace ModelRisk.Assessment.Features.Runs;

/// <summary>
/// A shard's statistics are in. Two shards reporting at once both change the run; its revision lets one save win and
/// the other retry on the new state, so exactly one of them sees the last shard and queues the merge.
/// </summary>
public sealed class ValidationShardCompletedConsumer(TimeProvider time, ILogger<ValidationShardCompletedConsumer> logger)
    : IdempotentConsumer<ValidationShardCompleted, AssessmentDbContext>
{
    protected override async Task HandleAsync(ConsumeContext<ValidationShardCompleted> context, AssessmentDbContext db, CancellationToken cancellationToken)
    {
        var message = context.Message;
        var run = await db.ValidationRuns.Include(r => r.Shards).FirstOrDefaultAsync(r => r.Id == message.RunId, cancellationToken);
        if (run is null || !run.ShardCompleted(message.Index, message.Rows, message.Worker, time.GetUtcNow()))
        {
            logger.LogInformation("Shard {Index} of run {RunId} ignored: the run is {State} or already has it",
                message.Index, message.RunId, run?.State.ToString() ?? "unknown");
        }
    }
}
