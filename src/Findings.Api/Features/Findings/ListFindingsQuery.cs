using ModelRisk.Findings.Models.Findings;

namespace ModelRisk.Findings.Features.Findings;

public sealed record ListFindingsQuery(string? Org, string? ModelId, FindingSeverity? Severity, FindingState? State, string? Owner, bool? Overdue,
    FindingSource? Source, int? Limit, string? Cursor)
{
    public FindingFilter ToFilter() => new(Org, ModelId, Severity, State, Owner, Overdue, Source);
}
