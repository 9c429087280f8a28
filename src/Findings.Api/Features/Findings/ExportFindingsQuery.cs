using ModelRisk.Findings.Models.Findings;

namespace ModelRisk.Findings.Features.Findings;

public sealed record ExportFindingsQuery(string? Org, string? ModelId, FindingSeverity? Severity, FindingState? State, string? Owner, bool? Overdue,
    FindingSource? Source)
{
    public FindingFilter ToFilter() => new(Org, ModelId, Severity, State, Owner, Overdue, Source);
}
