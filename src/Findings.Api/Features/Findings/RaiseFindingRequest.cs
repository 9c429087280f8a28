using ModelRisk.Findings.Models.Findings;

namespace ModelRisk.Findings.Features.Findings;

/// <summary>A finding raised by hand (an audit, a manual observation). Without a sourceKey one is made up; with one, a second request with the same key is refused.</summary>
public sealed record RaiseFindingRequest(string? Org, string? ModelId, string? ModelVersionId, string? ReviewId, FindingSource? Source, string? SourceKey, string? Title, string? Description, FindingSeverity? Severity, string? SeverityRationale, string? Owner, IReadOnlyList<string>? VerificationSteps);
