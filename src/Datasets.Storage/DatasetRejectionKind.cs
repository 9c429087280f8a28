namespace ModelRisk.Datasets.Storage;

public enum DatasetRejectionKind
{
    /// <summary>More bytes than the limit the caller gave.</summary>
    TooLarge,

    /// <summary>Neither Parquet nor CSV text with a header (empty, binary, not UTF-8, a broken header, truncated Parquet).</summary>
    NotADataset,
}
