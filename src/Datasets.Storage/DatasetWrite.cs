namespace ModelRisk.Datasets.Storage;

/// <summary>The outcome of a write: the stored dataset, or the reason nothing was stored.</summary>
public sealed record DatasetWrite(StoredDataset? Stored, DatasetRejection? Rejection)
{
    public static DatasetWrite Accepted(StoredDataset stored) => new(stored, null);

    public static DatasetWrite Rejected(DatasetRejection rejection) => new(null, rejection);
}
