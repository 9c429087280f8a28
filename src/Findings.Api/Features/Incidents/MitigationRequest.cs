using ModelRisk.Findings.Models.Incidents;

namespace ModelRisk.Findings.Features.Incidents;

public sealed record MitigationRequest(MitigationKind? Kind, string? Description, DateTimeOffset? MitigatedAt);
