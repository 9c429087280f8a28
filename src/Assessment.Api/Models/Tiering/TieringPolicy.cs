namespace ModelRisk.Assessment.Models.Tiering;

/// <summary>
/// A versioned tiering policy: the questionnaire (factors and their scored options), the score bands of each tier,
/// the floors that put certain answers at least at a tier whatever the score, and what each tier requires.
/// Shipped as a reviewed file; a platform admin publishes a new version, and every tiering records the version it used.
/// </summary>
public sealed record TieringPolicy(
    string Version,
    IReadOnlyList<TieringFactor> Factors,
    IReadOnlyList<TierBand> Bands,
    IReadOnlyList<TierFloor> Floors,
    IReadOnlyDictionary<RiskTier, TierRequirements> Requirements);

/// <param name="Multiple">Several options may be chosen; their scores add up.</param>
public sealed record TieringFactor(string Id, string Question, bool Multiple, IReadOnlyList<FactorOption> Options);

public sealed record FactorOption(string Id, string Label, int Score);

/// <summary>A tier applies from <see cref="MinScore"/> up to the next band's minimum.</summary>
public sealed record TierBand(RiskTier Tier, int MinScore);

/// <summary>Choosing <see cref="Option"/> for <see cref="Factor"/> puts the model at least at <see cref="AtLeast"/>.</summary>
public sealed record TierFloor(string Factor, string Option, RiskTier AtLeast, string Reason);

/// <param name="IntakeEvidence">Evidence kinds a review's intake must reference (with a SHA-256) before it is accepted.</param>
/// <param name="GenAiEvidence">Further evidence kinds when the model has any GenAI exposure.</param>
/// <param name="ValidationPlan">The validation engine's plan for the tier (<c>low</c>, <c>medium</c>, <c>high</c>, <c>critical</c>).</param>
/// <param name="Approvals">How many distinct approvers sign, and which roles count toward the quorum.</param>
/// <param name="RenewalMonths">Months from a decision until periodic revalidation is due.</param>
public sealed record TierRequirements(
    IReadOnlyList<string> IntakeEvidence,
    IReadOnlyList<string> GenAiEvidence,
    string ValidationPlan,
    ApprovalQuorum Approvals,
    int RenewalMonths,
    bool MonitoringMandatory);

public sealed record ApprovalQuorum(int Count, IReadOnlyList<string> Roles);
