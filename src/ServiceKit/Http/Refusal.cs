namespace ModelRisk.ServiceKit.Http;

/// <summary>Why the domain refused a request, as a kind the API maps to one problem type and a message the caller can act on.</summary>
public sealed record Refusal(RefusalKind Kind, string Message)
{
    public static Refusal NotFound(string message) => new(RefusalKind.NotFound, message);

    public static Refusal Forbidden(string message) => new(RefusalKind.Forbidden, message);

    public static Refusal Conflict(string message) => new(RefusalKind.Conflict, message);

    public static Refusal IllegalTransition(string message) => new(RefusalKind.IllegalTransition, message);

    /// <summary>A refusal that is about one field of the request (a 400 naming it).</summary>
    public static Refusal Invalid(string field, string message) => new(RefusalKind.Invalid, message) { Field = field };

    public string? Field { get; init; }
}
