using ModelRisk.Findings.Models.Sla;

namespace ModelRisk.Findings.Features.Sla;

/// <param name="IsDefault">The org has no policy of its own; these are the platform's defaults.</param>
public sealed record SlaPolicyResponse(string Org, SlaTerms Terms, bool IsDefault, long Revision, string? UpdatedBy, DateTimeOffset? UpdatedAt);
