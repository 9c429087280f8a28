namespace ModelRisk.Assessment.Models.Mra;

/// <summary>
/// A model risk assessment: the use and its context, who is affected, how the model fails, the threats and harms,
/// the controls against them, and the risk before and after the controls on a 5×5 likelihood × impact matrix.
/// Threats, harms and controls are tagged with the NIST AI RMF function they belong to.
/// </summary>
public sealed record MraContent(
    string? UseCase,
    string? DeploymentContext,
    IReadOnlyList<string>? AffectedPeople,
    IReadOnlyList<string>? FailureModes,
    IReadOnlyList<MraThreat>? Threats,
    IReadOnlyList<MraHarm>? Harms,
    IReadOnlyList<MraControl>? Controls,
    RiskRating? InherentRisk,
    RiskRating? ResidualRisk);

/// <param name="Category">One of <see cref="MraVocabulary.ThreatCategories"/>.</param>
public sealed record MraThreat(string? Category, string? Description, string? NistFunction);

/// <param name="Severity">1 (negligible) to 5 (severe).</param>
/// <param name="Likelihood">1 (rare) to 5 (almost certain).</param>
public sealed record MraHarm(string? Who, string? Description, int? Severity, int? Likelihood, string? NistFunction);

/// <param name="Status">planned, implemented or verified.</param>
public sealed record MraControl(string? Description, string? Owner, string? Status, string? Evidence, string? NistFunction);

/// <summary>A cell of the 5×5 matrix; the score is likelihood × impact.</summary>
public sealed record RiskRating(int? Likelihood, int? Impact)
{
    public int? Score => Likelihood * Impact;
}
