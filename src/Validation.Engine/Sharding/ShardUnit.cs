namespace ModelRisk.Validation.Engine.Sharding;

/// <summary>What a <see cref="ShardSpec"/>'s range counts: bytes of a CSV file or row groups of a Parquet file.</summary>
public enum ShardUnit
{
    Bytes,
    RowGroups,
}
