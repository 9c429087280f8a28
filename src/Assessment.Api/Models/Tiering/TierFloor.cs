namespace ModelRisk.Assessment.Models.Tiering;

/// <summary>Choosing <see cref="Option"/> for <see cref="Factor"/> puts the model at least at <see cref="AtLeast"/>.</summary>
public sealed record TierFloor(string Factor, string Option, RiskTier AtLeast, string Reason);
