namespace ModelRisk.Findings.Features.Findings;

/// <summary>An independent verifier's result: passed closes the finding, failed returns it to remediation.</summary>
public sealed record VerificationRequest(bool? Passed, string? Notes);
