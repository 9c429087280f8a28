namespace ModelRisk.Assessment.Models.Runs;

/// <summary>What a run validates, as submitted: datasets by id, the columns, and the plan (the tier's or a custom one).</summary>
public sealed record ValidationRunSpecification(
    string DatasetId,
    string? ReferenceDatasetId,
    string ScoreColumn,
    string LabelColumn,
    string? GroupColumn,
    IReadOnlyList<string> DriftColumns,
    double Threshold,
    string PlanName,
    bool CustomPlan,
    string PlanText);
