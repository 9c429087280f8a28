namespace ModelRisk.Findings.Features.Findings;

public sealed record ReadyForVerificationRequest(string? Note);
