namespace ModelRisk.Datasets.Storage;

/// <summary>
/// What was stored, measured while it streamed: the size, the SHA-256 (lowercase hex) of exactly the stored bytes,
/// the recognised format and, for CSV, the column names of its header (Parquet keeps its schema in its footer).
/// </summary>
public sealed record StoredDataset(string Key, long SizeBytes, string Sha256, DatasetFormat Format, IReadOnlyList<string> Columns);
