using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace ModelRisk.ServiceDefaults;

/// <summary>
/// Turns a request the framework could not bind (malformed JSON, a wrong type, an unknown enum name) into a 400
/// ValidationProblem naming the field and saying in plain words what was expected. The framework's own messages name
/// .NET types ("Nullable&lt;RiskTier&gt;", "System.Int32"), which mean nothing to a client and describe our internals.
/// </summary>
public sealed partial class BadRequestExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    // Keyed by type names the framework took from our own declarations, never from request data, so it stays small.
    private static readonly ConcurrentDictionary<string, string> ExpectedByTypeName = new(StringComparer.Ordinal);

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException badRequest)
        {
            return false;
        }
        var (field, reason) = FindJsonException(badRequest) is { } json ? DescribeJson(json) : DescribeBinding(badRequest.Message);
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

    // "The JSON value could not be converted to System.Int32. Path: $.limit ..." -> ("limit", "Expected a whole number.")
    private static (string Field, string Reason) DescribeJson(JsonException json)
    {
        var field = json.Path is { } path ? ToFieldName(path) : "body";
        var conversion = JsonConversion().Match(json.Message);
        return conversion.Success
            ? (field, $"Expected {Expected(conversion.Groups["type"].Value)}.")
            : (field, "The body is not well-formed JSON here.");
    }

    // A query, route or header value that did not bind names its parameter, not the body:
    // 'Failed to bind parameter "Nullable<RiskTier> Tier" from "Extreme".' -> ("tier", "Expected one of Unassigned, Low, ...").
    private static (string Field, string Reason) DescribeBinding(string message)
    {
        var match = ParameterFailure().Match(message);
        if (!match.Success)
        {
            // The remaining framework messages ("Unexpected end of request content.", "Request body too large. ...") name no types.
            return ("body", message);
        }
        var declaration = match.Groups["declaration"].Value;
        var space = declaration.LastIndexOf(' ');
        var type = space < 0 ? "" : declaration[..space];
        var name = declaration[(space + 1)..];
        var parameter = name.Length == 0 ? "body" : char.ToLowerInvariant(name[0]) + name[1..];
        return match.Groups["kind"].Value switch
        {
            "Failed to bind parameter" => (parameter, $"Expected {Expected(type)}."),
            "Required parameter" => (parameter, "Required."),
            // "Failed to read parameter ... from the request body as JSON", "Implicit body inferred for parameter ... but no body was provided".
            _ => ("body", "A JSON body of the documented shape is required."),
        };
    }

    [GeneratedRegex("^(?<kind>Failed to bind parameter|Required parameter|Failed to read parameter|Implicit body inferred for parameter) \"(?<declaration>[^\"]*)\"")]
    private static partial Regex ParameterFailure();

    [GeneratedRegex(@"could not be converted to (?<type>\S+?)\.? Path:")]
    private static partial Regex JsonConversion();

    // "$.deploymentEndpoints[0].url" -> "deploymentEndpoints[0].url"; "$" (the whole body) -> "body"
    private static string ToFieldName(string jsonPath)
    {
        var field = jsonPath.StartsWith("$.", StringComparison.Ordinal) ? jsonPath[2..] : jsonPath.TrimStart('$');
        return field.Length == 0 ? "body" : field;
    }

    /// <summary>What a value of a declared .NET type looks like to a client ("a whole number", "one of Low, High").</summary>
    private static string Expected(string typeName) => ExpectedByTypeName.GetOrAdd(typeName, Describe);

    private static string Describe(string typeName)
    {
        var name = Unwrap(typeName);
        if (name.Contains("Dictionary", StringComparison.Ordinal))
        {
            return "a JSON object";
        }
        if (name.Contains('`', StringComparison.Ordinal) || name.Contains('<', StringComparison.Ordinal) || name.EndsWith("[]", StringComparison.Ordinal))
        {
            return "a list";
        }
        var simple = name[(name.LastIndexOf('.') + 1)..];
        return simple switch
        {
            "int" or "long" or "short" or "byte" or "uint" or "ulong" or "ushort" or "sbyte"
                or "Int32" or "Int64" or "Int16" or "Byte" or "UInt32" or "UInt64" or "UInt16" or "SByte" => "a whole number",
            "decimal" or "double" or "float" or "Decimal" or "Double" or "Single" => "a number",
            "bool" or "Boolean" => "true or false",
            "string" or "String" or "char" or "Char" => "a text value",
            "Guid" => "an id such as 0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b",
            "DateTime" or "DateTimeOffset" => "a date and time in ISO 8601, such as 2026-01-31T09:30:00Z",
            "DateOnly" => "a date in ISO 8601, such as 2026-01-31",
            "TimeSpan" => "a duration such as 01:30:00",
            _ => FindEnum(name, simple) is { } enumType
                ? $"one of {string.Join(", ", Enum.GetNames(enumType))}"
                : "a JSON object of the documented shape",
        };
    }

    // "System.Nullable`1[X]" and "Nullable<X>" and "X?" -> "X"
    private static string Unwrap(string typeName)
    {
        foreach (var (open, close) in new[] { ("System.Nullable`1[", "]"), ("Nullable<", ">") })
        {
            if (typeName.StartsWith(open, StringComparison.Ordinal) && typeName.EndsWith(close, StringComparison.Ordinal))
            {
                return typeName[open.Length..^close.Length];
            }
        }
        return typeName.TrimEnd('?');
    }

    // The framework names an enum by its full name (JSON) or as declared (binding); look it up in the loaded assemblies.
    private static Type? FindEnum(string name, string simple)
    {
        foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies().Where(a => !a.IsDynamic))
        {
            try
            {
                var found = assembly.GetType(name, throwOnError: false)
                    ?? (name == simple ? assembly.GetExportedTypes().FirstOrDefault(t => t.IsEnum && t.Name == simple) : null);
                if (found is { IsEnum: true })
                {
                    return found;
                }
            }
            catch (Exception e) when (e is NotSupportedException or System.Reflection.ReflectionTypeLoadException or FileNotFoundException)
            {
            }
        }
        return null;
    }
}
