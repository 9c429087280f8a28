namespace ModelRisk.Findings.Features.Sla;

public sealed record SlaAdherenceQuery(string? Org);
