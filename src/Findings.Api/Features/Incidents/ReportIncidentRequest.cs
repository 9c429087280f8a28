using ModelRisk.Findings.Models.Findings;

namespace ModelRisk.Findings.Features.Incidents;

public sealed record ReportIncidentRequest(string? Org, string? ModelId, string? Title, string? Description, FindingSeverity? Severity, DateTimeOffset? DetectedAt, DateTimeOffset? AwareAt, BlastRadiusInput? BlastRadius);
