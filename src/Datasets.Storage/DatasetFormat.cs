namespace ModelRisk.Datasets.Storage;

/// <summary>The formats a dataset may have, recognised from its content (never from a file name or a header).</summary>
public enum DatasetFormat
{
    /// <summary>UTF-8 text whose first line is a header of column names, comma-separated.</summary>
    Csv,

    /// <summary>Apache Parquet: the magic <c>PAR1</c> at the start and at the end.</summary>
    Parquet,
}
