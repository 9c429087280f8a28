namespace ModelRisk.Inventory.Features.Import;

internal enum ImportRefusalKind
{
    /// <summary>The file breaks a rule of its shape (header, cells per row, rows, list items): 400.</summary>
    Invalid,

    /// <summary>The body, a row or a cell is larger than its limit: 413.</summary>
    TooLarge,
}

/// <summary>Why a whole file is refused before anything is applied: the line it happened on (when known) and the field.</summary>
internal sealed record ImportRefusal(ImportRefusalKind Kind, int? Line, string Field, string Message)
{
    public static ImportRefusal Invalid(int? line, string field, string message) => new(ImportRefusalKind.Invalid, line, field, At(line, message));

    public static ImportRefusal TooLarge(int? line, string field, string message) => new(ImportRefusalKind.TooLarge, line, field, At(line, message));

    private static string At(int? line, string message) => line is null ? message : $"Line {line}: {message}";
}
