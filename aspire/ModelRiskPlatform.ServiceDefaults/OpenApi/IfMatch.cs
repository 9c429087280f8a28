using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace ModelRisk.ServiceDefaults.OpenApi;

/// <summary>
/// Optimistic concurrency as the document shows it: the ETag an endpoint answers (<see cref="WithETag"/>) and the
/// If-Match it checks (<see cref="WithIfMatch"/>, <see cref="ETags.CheckIfMatch"/>), so a generated client knows to
/// keep the one and send the other.
/// </summary>
public static class IfMatch
{
    /// <summary>The endpoint answers the resource's ETag.</summary>
    public static RouteHandlerBuilder WithETag(this RouteHandlerBuilder endpoint) => endpoint.WithMetadata(Answers.ETag);

    /// <summary>The endpoint takes If-Match: documents the header, the ETag it answers, and 412/428.</summary>
    public static RouteHandlerBuilder WithIfMatch(this RouteHandlerBuilder endpoint) =>
        endpoint.WithMetadata(Answers.ETag, Answers.IfMatch)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);

    /// <summary>The operation transformer that writes what <see cref="WithETag"/> and <see cref="WithIfMatch"/> declared.</summary>
    public static Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var declared = context.Description.ActionDescriptor.EndpointMetadata.OfType<Answers>().ToHashSet();
        if (declared.Contains(Answers.IfMatch))
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = "If-Match",
                In = ParameterLocation.Header,
                Required = true,
                Description = "The ETag from your last read of the resource; a stale one is 412, none is 428.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
        }
        if (declared.Contains(Answers.ETag))
        {
            foreach (var (key, response) in operation.Responses ?? [])
            {
                if (key.StartsWith('2') && response is OpenApiResponse success)
                {
                    success.Headers ??= new Dictionary<string, IOpenApiHeader>();
                    success.Headers["ETag"] = new OpenApiHeader
                    {
                        Description = "The resource's current revision; send it as If-Match to change the resource.",
                        Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                    };
                }
            }
        }
        return Task.CompletedTask;
    }

    private sealed class Answers
    {
        public static readonly Answers ETag = new();
        public static readonly Answers IfMatch = new();
    }
}
