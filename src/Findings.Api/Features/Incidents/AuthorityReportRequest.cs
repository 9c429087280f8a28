namespace ModelRisk.Findings.Features.Incidents;

/// <summary>The incident was reported to the market surveillance authority.</summary>
public sealed record AuthorityReportRequest(DateTimeOffset? ReportedAt, string? Reference);
