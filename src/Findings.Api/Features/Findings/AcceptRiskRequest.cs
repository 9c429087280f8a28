namespace ModelRisk.Findings.Features.Findings;

public sealed record AcceptRiskRequest(string? Rationale, DateTimeOffset? Expires);
