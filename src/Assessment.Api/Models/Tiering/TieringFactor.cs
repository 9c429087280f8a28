namespace ModelRisk.Assessment.Models.Tiering;

/// <param name="Multiple">Several options may be chosen; their scores add up.</param>
public sealed record TieringFactor(string Id, string Question, bool Multiple, IReadOnlyList<FactorOption> Options);
