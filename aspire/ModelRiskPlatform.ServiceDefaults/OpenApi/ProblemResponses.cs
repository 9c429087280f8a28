using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace ModelRisk.ServiceDefaults.OpenApi;

/// <summary>
/// The error answers as the document states them: ProblemDetails in <c>application/problem+json</c>, each described
/// with when it happens and the stable <c>type</c> an integration branches on (<see cref="ApiProblems"/>).
/// </summary>
public static class ProblemResponses
{
    public const string ContentType = "application/problem+json";
    private const string SchemaId = nameof(ProblemDetails);

    private static readonly Dictionary<int, string> Descriptions = new()
    {
        [StatusCodes.Status400BadRequest] = $"The request is not valid; `errors` names each field and what is wrong with it. Type {ApiProblems.ValidationType}.",
        [StatusCodes.Status401Unauthorized] = $"No bearer token, or one that is expired, for another audience or not signed by the realm. Type {ApiProblems.UnauthorizedType}.",
        [StatusCodes.Status403Forbidden] = $"The token's roles or orgs do not allow this. Type {ApiProblems.ForbiddenType}.",
        [StatusCodes.Status404NotFound] = $"Nothing with this id in the orgs the caller may see. Type {ApiProblems.NotFoundType}.",
        [StatusCodes.Status409Conflict] = $"The change conflicts with the current state; `detail` says why. Type {ApiProblems.ConflictType}, or {ApiProblems.IllegalTransitionType} for a move the lifecycle refuses.",
        [StatusCodes.Status412PreconditionFailed] = $"If-Match names an older revision: read the resource again and retry with its ETag (`currentETag`). Type {ApiProblems.PreconditionFailedType}.",
        [StatusCodes.Status413PayloadTooLarge] = $"The request body is larger than this operation accepts. Type {ApiProblems.PayloadTooLargeType}.",
        [StatusCodes.Status428PreconditionRequired] = $"If-Match is missing: send the ETag from your last read of the resource. Type {ApiProblems.PreconditionRequiredType}.",
        [StatusCodes.Status429TooManyRequests] = $"This client's request budget is spent; retry after the Retry-After seconds. Type {ApiProblems.RateLimitedType}.",
    };

    /// <summary>Adds the problem answer for <paramref name="status"/> unless the endpoint already declared it.</summary>
    public static async Task AddAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, int status, CancellationToken cancellationToken)
    {
        operation.Responses ??= [];
        var key = status.ToString(CultureInfo.InvariantCulture);
        if (operation.Responses.ContainsKey(key))
        {
            return;
        }
        var schema = await context.GetOrCreateSchemaAsync(typeof(ProblemDetails), null, cancellationToken);
        context.Document?.AddComponent<IOpenApiSchema>(SchemaId, schema);
        operation.Responses[key] = new OpenApiResponse
        {
            Description = Describe(status),
            Content = new Dictionary<string, OpenApiMediaType>
            {
                [ContentType] = new() { Schema = new OpenApiSchemaReference(SchemaId, context.Document) },
            },
        };
    }

    /// <summary>When the platform answers <paramref name="status"/>, and with which problem type.</summary>
    public static string Describe(int status) =>
        Descriptions.TryGetValue(status, out var description) ? description : ReasonPhrases.GetReasonPhrase(status);

    /// <summary>Whether the platform has its own description of this error status.</summary>
    public static bool Describes(int status) => Descriptions.ContainsKey(status);
}
