namespace ModelRisk.Assessment.Models.Tiering;

/// <summary>What the policy made of a questionnaire: the tier, the score, and why, naming the answers that drove it.</summary>
/// <param name="Drivers">The scored answers, highest first, and any floor that raised the tier.</param>
public sealed record TieringOutcome(string PolicyVersion, RiskTier Tier, RiskTier ScoredTier, int Score, IReadOnlyList<string> Drivers, string Rationale, bool HasGenAiExposure);
