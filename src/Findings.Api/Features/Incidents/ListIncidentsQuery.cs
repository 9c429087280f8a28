using ModelRisk.Findings.Models.Findings;

namespace ModelRisk.Findings.Features.Incidents;

public sealed record ListIncidentsQuery(string? Org, string? ModelId, FindingSeverity? Severity, bool? ReportPending, int? Limit, string? Cursor);
