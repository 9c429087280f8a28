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
