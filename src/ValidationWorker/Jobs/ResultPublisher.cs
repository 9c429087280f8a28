using System.Text;
using MassTransit;
using Microsoft.Extensions.Options;
using ModelRisk.Contracts.Validation.V1;
using ModelRisk.Validation.Engine.Reports;

namespace ModelRisk.ValidationWorker.Jobs;

/// <summary>Writes a finished run's result and report under its keys and tells Assessment, the same way for a one-pass run and a merged one.</summary>
public sealed class ResultPublisher(JobFiles files, IOptions<WorkerOptions> options, TimeProvider time)
{
    public async Task PublishAsync(ConsumeContext context, string runId, ModelRisk.Validation.Engine.Running.ValidationResult result, CancellationToken cancellationToken)
    {
        var json = Encoding.UTF8.GetBytes(ModelRisk.Validation.Engine.Running.ValidationJsonWriter.ToJson(result));
        await files.WriteAsync(ValidationRunKeys.Result(runId), json, cancellationToken);
        await files.WriteAsync(ValidationRunKeys.Report(runId), Encoding.UTF8.GetBytes(HtmlReport.Render(result)), cancellationToken);
        var tests = result.Tests
            .Select(t => new ValidationTestOutcome(t.Name, t.Metric, t.Status.ToString(), t.Severity.ToString(), t.Value is { } v && double.IsFinite(v) ? v : null, t.Reason))
            .ToList();
        await context.Publish(
            new ValidationRunResultReady(runId, result.Rows, ValidationRunKeys.Result(runId), JobFiles.Sha256(json), ValidationRunKeys.Report(runId),
                Encoding.UTF8.GetString(json), tests, options.Value.EffectiveInstance, time.GetUtcNow()),
            cancellationToken);
    }
}
