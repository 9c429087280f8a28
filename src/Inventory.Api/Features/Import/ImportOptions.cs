namespace ModelRisk.Inventory.Features.Import;

/// <summary>
/// The limits of one bulk import (configuration section <c>Inventory:Import</c>). A file is read as a stream and
/// refused at the first row that breaks one, so what an import holds is bounded by these, not by what a caller sends.
/// </summary>
public sealed class ImportOptions
{
    /// <summary>The import body limit; the gateway's import route allows the same (its MaxRequestBodySize).</summary>
    public const long MaxBodyBytes = 50 * 1024 * 1024;

    public const string SectionName = "Inventory:Import";

    public int MaxRows { get; set; } = 10_000;

    /// <summary>One CSV record (quoted line breaks included) or one JSON line, in UTF-8 bytes; beyond it the file is 413.</summary>
    public int MaxRowBytes { get; set; } = 1024 * 1024;

    /// <summary>One CSV cell or one JSON string value, in UTF-8 bytes; beyond it the file is 413.</summary>
    public int MaxCellBytes { get; set; } = 256 * 1024;

    /// <summary>Items of one list (a CSV list cell, a JSON array); beyond it the file is 400. Validation allows far fewer per row.</summary>
    public int MaxListItems { get; set; } = 1000;

    /// <summary>Imports one service replica runs at once; one more is answered 429 with Retry-After.</summary>
    public int MaxConcurrentImports { get; set; } = 2;

    public int RetryAfterSeconds { get; set; } = 5;

    public bool IsValid() =>
        MaxRows > 0 && MaxRowBytes > 0 && MaxCellBytes > 0 && MaxCellBytes <= MaxRowBytes && MaxListItems > 0
        && MaxConcurrentImports > 0 && RetryAfterSeconds > 0;
}
