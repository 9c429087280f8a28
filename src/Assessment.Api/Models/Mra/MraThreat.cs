namespace ModelRisk.Assessment.Models.Mra;

/// <param name="Category">One of <see cref="MraVocabulary.ThreatCategories"/>.</param>
public sealed record MraThreat(string? Category, string? Description, string? NistFunction);
