using ModelRisk.Assessment.Models.Runs;

namespace ModelRisk.Assessment.Features.Runs;

/// <summary>A validation run: what it validates, how far it is, and (once done) its tests or the reason it failed.</summary>
public sealed record RunResponse(
    string Id,
    long Revision,
    string Org,
    string ReviewId,
    string ModelId,
    string ModelVersionId,
    string DatasetId,
    string? ReferenceDatasetId,
    string ScoreColumn,
    string LabelColumn,
    string? GroupColumn,
    IReadOnlyList<string> DriftColumns,
    double Threshold,
    string PlanName,
    bool CustomPlan,
    ValidationRunState State,
    RunProgress Progress,
    string? Outcome,
    IReadOnlyList<ValidationTestRecord> Tests,
    string? ResultSha256,
    string? FailureReason,
    string SubmittedBy,
    DateTimeOffset SubmittedAt,
    DateTimeOffset? FinishedAt,
    string? CancelledBy,
    RunLinks Links)
{
    public static RunResponse From(ValidationRun run) => new(
        run.Id, run.Revision, run.Org, run.ReviewId, run.ModelId, run.ModelVersionId, run.DatasetId, run.ReferenceDatasetId, run.ScoreColumn, run.LabelColumn,
        run.GroupColumn, run.DriftColumns, run.Threshold, run.PlanName, run.CustomPlan, run.State,
        new RunProgress(run.ShardsDone, run.ShardCount, run.RowsRead),
        run.State == ValidationRunState.Succeeded ? (run.Tests.Any(t => t.Status == "Fail") ? "Failed" : "Passed") : null,
        run.Tests, run.ResultSha256, run.FailureReason, run.SubmittedBy, run.SubmittedAt, run.FinishedAt, run.CancelledBy,
        new RunLinks(
            $"{RunEndpoints.BasePath}/{run.Id}",
            run.State == ValidationRunState.Succeeded ? $"{RunEndpoints.BasePath}/{run.Id}/result" : null,
            run.State == ValidationRunState.Succeeded ? $"{RunEndpoints.BasePath}/{run.Id}/report" : null));
}
