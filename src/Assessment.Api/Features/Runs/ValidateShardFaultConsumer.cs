using ModelRisk.Contracts.Validation.V1;

namespace ModelRisk.Assessment.Features.Runs;

public sealed class ValidateShardFaultConsumer(TimeProvider time, ILogger<ValidateShardFaultConsumer> logger)
    : ValidationJobFaultConsumer<ValidateShard>(time, logger)
{
    protected override string RunId(ValidateShard job) => job.RunId;

    protected override string Job(ValidateShard job) => $"shard {job.Index + 1} of {job.Count}";
}
