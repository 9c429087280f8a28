using ModelRisk.Findings.Models.Findings;

namespace ModelRisk.Findings.Features.Findings;

/// <summary>Filters for listing and exporting findings; every field optional.</summary>
public sealed record FindingFilter(string? Org, string? ModelId, FindingSeverity? Severity, FindingState? State, string? Owner, bool? Overdue, FindingSource? Source);
