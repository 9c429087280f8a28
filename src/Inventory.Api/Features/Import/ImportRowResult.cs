namespace ModelRisk.Inventory.Features.Import;

/// <summary>What became of one row; <see cref="Line"/> is the line the row starts on (the CSV header is line 1).</summary>
public sealed record ImportRowResult(int Line, string? Org, string? Key, ImportOutcome Outcome, string? Id, IDictionary<string, string[]>? Errors);
