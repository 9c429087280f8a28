namespace ModelRisk.Assessment.Models.Tiering;

public sealed record FactorOption(string Id, string Label, int Score);
