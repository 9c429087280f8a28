namespace ModelRisk.Findings.Features.Findings;

public sealed record StartRemediationRequest(string? Remediator, string? RemediationPlan);
