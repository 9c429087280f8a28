namespace ModelRisk.Datasets.Storage;

/// <summary>Why a write stored nothing, in words a caller can act on.</summary>
public sealed record DatasetRejection(DatasetRejectionKind Kind, string Reason);
