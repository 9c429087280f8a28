namespace ModelRisk.Findings.Models.Findings;

/// <summary>What a finding is opened with, from a source event or by hand. <see cref="DueDate"/> set: the source fixed the date (a condition of approval).</summary>
public sealed record FindingOpening(
    string Org,
    string ModelId,
    string? ModelVersionId,
    string? ReviewId,
    FindingSource Source,
    string SourceKey,
    string Title,
    string Description,
    FindingSeverity Severity,
    string SeverityRationale,
    string Owner,
    IReadOnlyList<string> VerificationSteps,
    DateOnly? DueDate = null);
