namespace ModelRisk.Findings.Features.Incidents;

public sealed record PostmortemRequest(string? Uri, string? Sha256, string? Summary);
