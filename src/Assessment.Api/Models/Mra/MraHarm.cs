namespace ModelRisk.Assessment.Models.Mra;

/// <param name="Severity">1 (negligible) to 5 (severe).</param>
/// <param name="Likelihood">1 (rare) to 5 (almost certain).</param>
public sealed record MraHarm(string? Who, string? Description, int? Severity, int? Likelihood, string? NistFunction);
