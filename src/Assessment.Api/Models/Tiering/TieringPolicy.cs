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
