namespace ModelRisk.Assessment.Models.Tiering;

/// <summary>A questionnaire's answers: for each factor id, the chosen option ids (one unless the factor allows several).</summary>
public sealed record TieringAnswers(IReadOnlyDictionary<string, IReadOnlyList<string>> Choices);
