namespace ModelRisk.Findings.Models.Incidents;

public sealed record Mitigation(MitigationKind Kind, string Description, DateTimeOffset MitigatedAt, string RecordedBy);
