using ModelRisk.Findings.Models.Findings;

namespace ModelRisk.Findings.Features.Findings;

public sealed record ChangeSeverityRequest(FindingSeverity? Severity, string? Rationale);
