using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace ModelRisk.ServiceDefaults.OpenApi;

/// <summary>
/// The answers every operation can give that no endpoint declares itself: 429 (the gateway's per-client rate limit
/// covers every route) and 413 for anything that takes a body (the gateway and Kestrel both limit bodies). It also
/// gives each error response an endpoint declared (400, 404, 409, 412, 428) the platform's description.
/// </summary>
public sealed class ProblemResponsesTransformer : IOpenApiOperationTransformer
{
    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var method = context.Description.HttpMethod ?? "";
        if (HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsPatch(method))
        {
            await ProblemResponses.AddAsync(operation, context, StatusCodes.Status413PayloadTooLarge, cancellationToken);
        }
        await ProblemResponses.AddAsync(operation, context, StatusCodes.Status429TooManyRequests, cancellationToken);
        if (operation.Responses?[StatusCodes.Status429TooManyRequests.ToString(CultureInfo.InvariantCulture)] is OpenApiResponse tooMany)
        {
            tooMany.Headers ??= new Dictionary<string, IOpenApiHeader>();
            tooMany.Headers["Retry-After"] = new OpenApiHeader
            {
                Description = "Seconds until the client's bucket holds a token again.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.Integer },
            };
        }

        foreach (var (key, response) in operation.Responses ?? [])
        {
            if (int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var status) && ProblemResponses.Describes(status)
                && response is OpenApiResponse declared)
            {
                declared.Description = ProblemResponses.Describe(status);
            }
        }
    }
}
