namespace ModelRisk.Findings.Features.Findings;

public sealed record ReopenFindingRequest(string? Reason);
