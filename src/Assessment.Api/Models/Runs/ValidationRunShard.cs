namespace ModelRisk.Assessment.Models.Runs;

/// <summary>One shard of a run, one row per run and shard: what the worker reads, and whether its statistics are in.</summary>
public sealed class ValidationRunShard
{
    public string RunId { get; private set; } = "";

    public int Index { get; private set; }

    /// <summary>Bytes (a CSV byte range) or RowGroups (a Parquet row-group range).</summary>
    public string Unit { get; private set; } = "";

    public long Start { get; private set; }

    public long End { get; private set; }

    public bool Done { get; private set; }

    public long Rows { get; private set; }

    public string? Worker { get; private set; }

    public DateTimeOffset? CompletedAt { get; private set; }

    public static ValidationRunShard For(string runId, int index, string unit, long start, long end) =>
        new() { RunId = runId, Index = index, Unit = unit, Start = start, End = end };

    internal void Complete(long rows, string worker, DateTimeOffset at)
    {
        Done = true;
        Rows = rows;
        Worker = worker;
        CompletedAt = at;
    }
}
