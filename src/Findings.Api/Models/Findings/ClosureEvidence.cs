namespace ModelRisk.Findings.Models.Findings;

/// <summary>A reference to evidence of the fix (a test report, a pull request, a re-run) pinned by the SHA-256 of its content.</summary>
public sealed record ClosureEvidence(string Uri, string Sha256, string? Description, string AddedBy, DateTimeOffset AddedAt);
