using MassTransit;
using Microsoft.EntityFrameworkCore;
using ModelRisk.Assessment.Data;
using ModelRisk.Contracts.Validation.V1;
using ModelRisk.Messaging;

namespace ModelRisk.Assessment.Features.Runs;

/// <summary>A worker split a run's data: one row per shard, and a job per shard through the outbox, in one transaction.</summary>
public sealed class ValidationRunPlannedConsumer(TimeProvider time, ILogger<ValidationRunPlannedConsumer> logger)
    : IdempotentConsumer<ValidationRunPlanned, AssessmentDbContext>
{
    protected override async Task HandleAsync(ConsumeContext<ValidationRunPlanned> context, AssessmentDbContext db, CancellationToken cancellationToken)
    {
        var message = context.Message;
        var run = await db.ValidationRuns.Include(r => r.Shards).FirstOrDefaultAsync(r => r.Id == message.RunId, cancellationToken);
        if (run is null || !run.Planned(message.Shards, time.GetUtcNow()))
        {
            logger.LogInformation("Plan of run {RunId} ignored: the run is {State}", message.RunId, run?.State.ToString() ?? "unknown");
        }
    }
}
