using ModelRisk.Contracts.Validation.V1;

namespace ModelRisk.Assessment.Features.Runs;

public sealed class MergeValidationRunFaultConsumer(TimeProvider time, ILogger<MergeValidationRunFaultConsumer> logger)
    : ValidationJobFaultConsumer<MergeValidationRun>(time, logger)
{
    protected override string RunId(MergeValidationRun job) => job.RunId;

    protected override string Job(MergeValidationRun job) => "merge of the run's shards";
}
