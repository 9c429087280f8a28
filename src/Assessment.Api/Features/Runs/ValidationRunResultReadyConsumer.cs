using MassTransit;
using Microsoft.EntityFrameworkCore;
using ModelRisk.Assessment.Data;
using ModelRisk.Contracts.Validation.V1;
using ModelRisk.Messaging;

namespace ModelRisk.Assessment.Features.Runs;

/// <summary>
/// A run's result is in: the run succeeds (raising <see cref="ValidationCompleted"/> and a finding per failed test) and
/// its result becomes evidence on the review, in one transaction.
/// </summary>
public sealed class ValidationRunResultReadyConsumer(TimeProvider time, ILogger<ValidationRunResultReadyConsumer> logger)
    : IdempotentConsumer<ValidationRunResultReady, AssessmentDbContext>
{
    public const string EvidenceKind = "validation-run";

    protected override async Task HandleAsync(ConsumeContext<ValidationRunResultReady> context, AssessmentDbContext db, CancellationToken cancellationToken)
    {
        var message = context.Message;
        var now = time.GetUtcNow();
        var run = await db.ValidationRuns.Include(r => r.Shards).FirstOrDefaultAsync(r => r.Id == message.RunId, cancellationToken);
        if (run is null || !run.Succeeded(message, now))
        {
            logger.LogInformation("Result of run {RunId} ignored: the run is {State}", message.RunId, run?.State.ToString() ?? "unknown");
            return;
        }

        var review = await db.Reviews.FirstOrDefaultAsync(r => r.Id == run.ReviewId, cancellationToken);
        if (review?.AddEvidence(EvidenceKind, $"{RunEndpoints.BasePath}/{run.Id}/result", message.ResultSha256, run.SubmittedBy, now) is { } refusal)
        {
            // The run keeps its review id either way; the review may have moved on (decided) while the run was computed.
            logger.LogInformation("Run {RunId} not attached to review {ReviewId} as evidence: {Reason}", run.Id, run.ReviewId, refusal.Message);
        }
    }
}
