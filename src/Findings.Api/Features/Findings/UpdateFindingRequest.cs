namespace ModelRisk.Findings.Features.Findings;

/// <summary>Fields to change; absent ones stay as they are.</summary>
public sealed record UpdateFindingRequest(string? Title, string? Description, string? Owner, string? RemediationPlan, IReadOnlyList<string>? VerificationSteps);
