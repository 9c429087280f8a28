using ModelRisk.Contracts.Validation.V1;

namespace ModelRisk.Assessment.Features.Runs;

public sealed class PlanValidationRunFaultConsumer(TimeProvider time, ILogger<PlanValidationRunFaultConsumer> logger)
    : ValidationJobFaultConsumer<PlanValidationRun>(time, logger)
{
    protected override string RunId(PlanValidationRun job) => job.RunId;

    protected override string Job(PlanValidationRun job) => "planning of the run";
}
