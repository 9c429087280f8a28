using ModelRisk.Findings.Models.Findings;

namespace ModelRisk.Findings.Features.Incidents;

/// <summary>A corrective action of the incident, opened as a finding (source IncidentCorrectiveAction).</summary>
public sealed record CorrectiveActionRequest(string? Title, string? Description, FindingSeverity? Severity, string? SeverityRationale, string? Owner, IReadOnlyList<string>? VerificationSteps);
