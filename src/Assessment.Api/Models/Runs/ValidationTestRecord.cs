namespace ModelRisk.Assessment.Models.Runs;

/// <summary>One plan test's outcome as the run recorded it.</summary>
public sealed record ValidationTestRecord(string Name, string Metric, string Status, string Severity, double? Value, string? Reason);
