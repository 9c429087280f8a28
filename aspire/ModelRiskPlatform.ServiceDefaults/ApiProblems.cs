using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace ModelRisk.ServiceDefaults;

/// <summary>
/// The error kinds of the public API, each with a stable <c>type</c> so integrations can branch on it.
/// </summary>
public static class ApiProblems
{
    private const string Base = "https://model-risk.dev/problems/";

    public const string ValidationType = Base + "validation";
    public const string UnauthorizedType = Base + "unauthorized";
    public const string NotFoundType = Base + "not-found";
    public const string ConflictType = Base + "conflict";
    public const string IllegalTransitionType = Base + "illegal-transition";
    public const string PreconditionFailedType = Base + "precondition-failed";
    public const string PreconditionRequiredType = Base + "precondition-required";
    public const string ForbiddenType = Base + "forbidden";
    public const string PayloadTooLargeType = Base + "payload-too-large";
    public const string RateLimitedType = Base + "rate-limited";
    public const string UnavailableType = Base + "unavailable";

    private static readonly Dictionary<int, (string Type, string Title)> ByStatus = new()
    {
        [StatusCodes.Status400BadRequest] = (ValidationType, "The request is not valid."),
        [StatusCodes.Status401Unauthorized] = (UnauthorizedType, "A valid bearer token is required."),
        [StatusCodes.Status403Forbidden] = (ForbiddenType, "Forbidden."),
        [StatusCodes.Status404NotFound] = (NotFoundType, "Not found."),
        [StatusCodes.Status409Conflict] = (ConflictType, "Conflict."),
        [StatusCodes.Status412PreconditionFailed] = (PreconditionFailedType, "Precondition failed."),
        [StatusCodes.Status413PayloadTooLarge] = (PayloadTooLargeType, "The request body is too large."),
        [StatusCodes.Status428PreconditionRequired] = (PreconditionRequiredType, "If-Match required."),
        [StatusCodes.Status429TooManyRequests] = (RateLimitedType, "Too many requests."),
        [StatusCodes.Status503ServiceUnavailable] = (UnavailableType, "A service this request depends on is unavailable."),
    };

    /// <summary>
    /// Gives a problem the framework wrote with its generic RFC link (a bare status code, a binding failure, an
    /// authentication challenge) the platform's stable type and title for that status. Explicit types are kept.
    /// </summary>
    public static void ApplyPlatformType(ProblemDetails problem)
    {
        var generic = problem.Type is null || problem.Type.StartsWith("https://tools.ietf.org/", StringComparison.Ordinal);
        if (generic && problem.Status is { } status && ByStatus.TryGetValue(status, out var kind))
        {
            problem.Type = kind.Type;
            problem.Title = kind.Title;
        }
    }

    public static ValidationProblem Validation(IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, type: ValidationType, title: "The request is not valid.");

    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found.", type: NotFoundType);

    public static ProblemHttpResult Conflict(string detail, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status409Conflict, title: "Conflict.", type: ConflictType, extensions: extensions);

    public static ProblemHttpResult IllegalTransition(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status409Conflict, title: "The change is not allowed in the current state.", type: IllegalTransitionType);

    public static ProblemHttpResult PreconditionFailed(string currentETag) =>
        TypedResults.Problem("The resource changed since it was read: read it again and retry with the new ETag.",
            statusCode: StatusCodes.Status412PreconditionFailed, title: "Precondition failed.", type: PreconditionFailedType,
            extensions: new Dictionary<string, object?> { ["currentETag"] = currentETag });

    public static ProblemHttpResult PreconditionRequired() =>
        TypedResults.Problem("Send If-Match with the ETag from your last read of this resource.",
            statusCode: StatusCodes.Status428PreconditionRequired, title: "If-Match required.", type: PreconditionRequiredType);

    public static ProblemHttpResult Forbidden(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status403Forbidden, title: "Forbidden.", type: ForbiddenType);
}

/// <summary>ETags from an aggregate's revision, and the If-Match check every editing write makes.</summary>
public static class ETags
{
    public static string For(long revision) => $"\"{revision}\"";

    /// <summary>Null when the request may proceed, else the problem to answer (428 without If-Match, 412 when stale).</summary>
    public static ProblemHttpResult? CheckIfMatch(HttpRequest request, long currentRevision)
    {
        var ifMatch = request.Headers.IfMatch;
        if (ifMatch.Count == 0)
        {
            return ApiProblems.PreconditionRequired();
        }
        var current = For(currentRevision);
        foreach (var header in ifMatch)
        {
            foreach (var raw in (header ?? "").Split(','))
            {
                var tag = raw.Trim();
                // If-Match compares strongly (RFC 9110 13.1.1): a weak validator never matches.
                if (tag == "*" || tag == current)
                {
                    return null;
                }
            }
        }
        return ApiProblems.PreconditionFailed(current);
    }
}
