namespace ModelRisk.Validation.Engine.Data;

/// <summary>
/// The part of a file a reader reads: a byte range [Start, End) of a CSV file that begins and ends on record
/// boundaries (the header still comes from the file's start), or the row groups [Start, End) of a Parquet file.
/// <paramref name="Label"/> names the part in error messages; row numbers in them count from its start.
/// </summary>
internal sealed record TableRange(long Start, long End, string Label);
