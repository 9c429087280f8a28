namespace ModelRisk.Contracts.Validation.V1;

// Jobs between Assessment (which owns runs and tracks their shards) and the validation workers (which compute).
// Every job carries its run's whole specification, so a worker needs no database and no call back to Assessment.
// Ids are deterministic (run id, shard index), so a redelivered job overwrites the same objects in the store and
// Assessment's consumers, which track each shard's state, ignore a second report.

/// <summary>What a run validates: storage keys of the data and reference, the columns and the plan (YAML text, already parsed once by Assessment).</summary>
/// <param name="DataFormat">Csv or Parquet, as sniffed when the dataset was uploaded.</param>
public sealed record ValidationRunSpec(
    string DataKey,
    string DataFormat,
    string? ReferenceKey,
    string? ReferenceFormat,
    string ScoreColumn,
    string LabelColumn,
    string? GroupColumn,
    IReadOnlyList<string> DriftColumns,
    double Threshold,
    string PlanText);

/// <summary>First job of a run: split the data into shards, or validate it in one pass when it is one shard.</summary>
public sealed record PlanValidationRun(string RunId, string Org, ValidationRunSpec Spec, DateTimeOffset SubmittedAt);

/// <summary>Compute one shard's mergeable statistics. <see cref="Unit"/> is Bytes (CSV byte range) or RowGroups (Parquet).</summary>
public sealed record ValidateShard(string RunId, string Org, ValidationRunSpec Spec, int Index, int Count, string Unit, long Start, long End);

/// <summary>Every shard has reported: merge their statistics into the run's result.</summary>
public sealed record MergeValidationRun(string RunId, string Org, ValidationRunSpec Spec, int ShardCount);

/// <summary>A run's data was split into <see cref="Shards"/>; Assessment records one row per shard and queues their jobs.</summary>
public sealed record ValidationRunPlanned(string RunId, IReadOnlyList<ValidationShardRange> Shards, DateTimeOffset OccurredAt);

public sealed record ValidationShardRange(int Index, string Unit, long Start, long End);

/// <summary>A shard's statistics are in the store at <see cref="StatisticsKey"/>.</summary>
public sealed record ValidationShardCompleted(string RunId, int Index, long Rows, string StatisticsKey, string Worker, DateTimeOffset OccurredAt);

/// <summary>
/// A run's result (the engine's JSON) and HTML report are in the store. <see cref="ResultJson"/> carries the result
/// itself too: it is small (metrics and tests, not data), and Assessment serves it without reading the store.
/// </summary>
public sealed record ValidationRunResultReady(
    string RunId,
    long Rows,
    string ResultKey,
    string ResultSha256,
    string ReportKey,
    string ResultJson,
    IReadOnlyList<ValidationTestOutcome> Tests,
    string Worker,
    DateTimeOffset OccurredAt);

/// <summary>One plan test's outcome. <see cref="Status"/> is Pass, Warn, Fail or Skip; <see cref="Severity"/> Low to Critical.</summary>
public sealed record ValidationTestOutcome(string Name, string Metric, string Status, string Severity, double? Value, string? Reason);

/// <summary>A run was cancelled: workers stop its jobs in flight and skip the ones still queued.</summary>
public sealed record ValidationRunCancelled(string RunId, DateTimeOffset OccurredAt);
