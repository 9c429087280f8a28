namespace ModelRisk.Datasets.Storage.PredictionLogs;

/// <summary>One scored row of a model in production. <see cref="Features"/> follow the batch's feature names; null is missing.</summary>
public sealed record PredictionRecord(string PredictionId, DateTimeOffset Timestamp, double Score, string? Group, IReadOnlyList<string?> Features);
