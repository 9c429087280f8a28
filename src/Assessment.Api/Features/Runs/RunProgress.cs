namespace ModelRisk.Assessment.Features.Runs;

/// <param name="ShardCount">Unknown (null) until a worker has split the data.</param>
public sealed record RunProgress(int ShardsDone, int? ShardCount, long RowsRead);
