namespace ModelRisk.Findings.Features.Findings;

public sealed record AddEvidenceRequest(string? Uri, string? Sha256, string? Description);
