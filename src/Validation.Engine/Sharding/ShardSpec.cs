namespace ModelRisk.Validation.Engine.Sharding;

/// <summary>
/// One shard of a data file. Index is 0-based; Start/End are a byte range [Start, End) of a CSV file aligned to
/// record boundaries, or a row-group range [Start, End) of a Parquet file. <see cref="ShardSplitter"/> makes them.
/// </summary>
public sealed record ShardSpec(int Index, int Count, ShardUnit Unit, long Start, long End);
