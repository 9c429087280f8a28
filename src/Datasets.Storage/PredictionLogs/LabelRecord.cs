namespace ModelRisk.Datasets.Storage.PredictionLogs;

/// <summary>The observed outcome (0 or 1) of an earlier prediction, arriving whenever it is known.</summary>
public sealed record LabelRecord(string PredictionId, int Label, DateTimeOffset ObservedAt);
