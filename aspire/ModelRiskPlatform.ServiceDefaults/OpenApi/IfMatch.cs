using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace ModelRisk.ServiceDefaults.OpenApi;

/// <summary>
/// Marks an endpoint that checks If-Match (<see cref="ETags.CheckIfMatch"/>), so its document shows the header a
/// generated client must send, the ETag it gets back, and the 412 and 428 it answers.
/// </summary>
public static class IfMatch
{
    /// <summary>The endpoint takes If-Match: documents the header, the ETag it answers, and 412/428.</summary>
    public static RouteHandlerBuilder WithIfMatch(this RouteHandlerBuilder endpoint) =>
        endpoint.WithMetadata(Marker.Instance)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);

    /// <summary>The operation transformer that writes what <see cref="WithIfMatch"/> declared.</summary>
    public static Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (!context.Description.ActionDescriptor.EndpointMetadata.OfType<Marker>().Any())
        {
            return Task.CompletedTask;
        }
        operation.Parameters ??= [];
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = "If-Match",
            In = ParameterLocation.Header,
            Required = true,
            Description = "The ETag from your last read of the resource; a stale one is 412, none is 428.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String },
        });
        foreach (var (key, response) in operation.Responses ?? [])
        {
            if (key.StartsWith('2') && response is OpenApiResponse success)
            {
                success.Headers ??= new Dictionary<string, IOpenApiHeader>();
                success.Headers["ETag"] = new OpenApiHeader
                {
                    Description = "The resource's new revision, for the next If-Match.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                };
            }
        }
        return Task.CompletedTask;
    }

    private sealed class Marker
    {
        public static readonly Marker Instance = new();
    }
}
