namespace ModelRisk.Assessment.Features.Runs;

/// <param name="DriftColumns">Columns compared with the reference; empty with a reference compares every column the two share (but score, label, group).</param>
/// <param name="Plan">A custom test plan, YAML or JSON text; absent means the plan of the review's risk tier.</param>
public sealed record SubmitRunRequest(
    string? DatasetId,
    string? ReferenceDatasetId,
    string? ScoreColumn,
    string? LabelColumn,
    string? GroupColumn,
    IReadOnlyList<string>? DriftColumns,
    double? Threshold,
    string? Plan);
