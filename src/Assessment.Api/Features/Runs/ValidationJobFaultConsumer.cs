using MassTransit;
using Microsoft.EntityFrameworkCore;
using ModelRisk.Assessment.Data;
using ModelRisk.Messaging;

namespace ModelRisk.Assessment.Features.Runs;

/// <summary>
/// A worker gave up on a job after its retries (the job went to the error queue, and MassTransit published its fault):
/// the run fails with the reason. The engine's data errors (<c>InputException</c>) are written for the person who
/// uploaded the data and are shown as they are; anything else is named by its type only, with details in the worker's log.
/// </summary>
public abstract class ValidationJobFaultConsumer<TJob>(TimeProvider time, ILogger logger) : IdempotentConsumer<Fault<TJob>, AssessmentDbContext>
    where TJob : class
{
    private const string InputException = "ModelRisk.Validation.Engine.Data.InputException";

    protected abstract string RunId(TJob job);

    protected abstract string Job(TJob job);

    protected override async Task HandleAsync(ConsumeContext<Fault<TJob>> context, AssessmentDbContext db, CancellationToken cancellationToken)
    {
        var fault = context.Message;
        var runId = RunId(fault.Message);
        var run = await db.ValidationRuns.Include(r => r.Shards).FirstOrDefaultAsync(r => r.Id == runId, cancellationToken);
        var exception = fault.Exceptions.FirstOrDefault();
        var reason = exception is null
            ? $"The {Job(fault.Message)} failed on a validation worker."
            : exception.ExceptionType == InputException
                ? exception.Message
                : $"The {Job(fault.Message)} failed on a validation worker ({exception.ExceptionType}); the worker's log has the details.";
        if (run is null || !run.Failed(reason, time.GetUtcNow()))
        {
            logger.LogInformation("Fault of run {RunId} ignored: the run is {State}", runId, run?.State.ToString() ?? "unknown");
        }
    }
}
