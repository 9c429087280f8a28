using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace ModelRisk.ServiceDefaults;

/// <summary>
/// Turns a request the framework could not bind (malformed JSON, a wrong type, an unknown enum name)
/// into a 400 ValidationProblem naming the field, instead of an empty 400 or a 500.
/// </summary>
public sealed partial class BadRequestExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException badRequest)
        {
            return false;
        }
        var json = FindJsonException(badRequest);
        var field = json?.Path is { Length: > 0 } path ? ToFieldName(path) : ParameterName(badRequest.Message) ?? "body";
        var reason = json is null ? badRequest.Message : "The value is missing, malformed or of the wrong type.";
        httpContext.Response.StatusCode = badRequest.StatusCode;
        // Type and title follow from the status (ApiProblems.ApplyPlatformType, run for every problem written).
        var problem = new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [reason] }) { Status = badRequest.StatusCode };
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    private static JsonException? FindJsonException(Exception exception)
    {
        for (var e = exception.InnerException; e is not null; e = e.InnerException)
        {
            if (e is JsonException json)
            {
                return json;
            }
        }
        return null;
    }

    // A query, route or header value that did not bind names its parameter, not the body:
    // 'Failed to bind parameter "Nullable<RiskTier> Tier" from "Extreme".' -> "tier".
    private static string? ParameterName(string message)
    {
        var match = BindFailure().Match(message);
        if (!match.Success)
        {
            return null;
        }
        var name = match.Groups["declaration"].Value.Split(' ')[^1];
        return name.Length == 0 ? null : char.ToLowerInvariant(name[0]) + name[1..];
    }

    [GeneratedRegex("^(?:Failed to bind parameter|Required parameter) \"(?<declaration>[^\"]+)\"")]
    private static partial Regex BindFailure();

    // "$.deploymentEndpoints[0].url" -> "deploymentEndpoints[0].url"
    private static string ToFieldName(string jsonPath) => jsonPath.StartsWith("$.", StringComparison.Ordinal) ? jsonPath[2..] : jsonPath.TrimStart('$');
}
