using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace ModelRisk.Gateway.ApiDocs;

/// <summary>
/// Rewrites <c>servers</c> in each service's OpenAPI document (the routes with <c>ApiDocument.Name</c> metadata) to
/// the gateway's public base URL: a service only knows its internal address, and a client generated from the
/// document must call the gateway. Paths need no rewriting, since services serve their public paths (ADR 004).
/// </summary>
public sealed class PublicServers(IOptions<GatewayOptions> options) : ITransformProvider
{
    /// <summary>Every service's document is public at <c>/openapi/&lt;ApiDocument.Name&gt;.json</c>, so clients and /docs find it.</summary>
    public void ValidateRoute(TransformRouteValidationContext context)
    {
        if (context.Route.Metadata?.TryGetValue(ApiDocsEndpoints.DocumentNameKey, out var name) == true
            && context.Route.Match.Path != $"/openapi/{name}.json")
        {
            context.Errors.Add(new InvalidOperationException(
                $"Route '{context.Route.RouteId}' serves the OpenAPI document '{name}', so its path must be /openapi/{name}.json, not {context.Route.Match.Path}."));
        }
    }

    public void ValidateCluster(TransformClusterValidationContext context)
    {
    }

    public void Apply(TransformBuilderContext context)
    {
        if (context.Route.Metadata?.ContainsKey(ApiDocsEndpoints.DocumentNameKey) != true)
        {
            return;
        }
        // The document is parsed here, so ask the service for it uncompressed.
        context.AddRequestHeaderRemove("Accept-Encoding");
        context.AddResponseTransform(RewriteAsync);
    }

    /// <summary>The URL clients call: <c>Gateway:PublicBaseUrl</c>, else the scheme and host this request came in on.</summary>
    private string BaseUrl(HttpRequest request) =>
        options.Value.PublicBaseUrl?.ToString().TrimEnd('/') ?? $"{request.Scheme}://{request.Host}{request.PathBase}";

    private async ValueTask RewriteAsync(ResponseTransformContext context)
    {
        var http = context.HttpContext;
        if (context.ProxyResponse is not { IsSuccessStatusCode: true } response)
        {
            return;
        }
        if (HttpMethods.IsHead(http.Request.Method))
        {
            // The service's length is not the rewritten document's, and a HEAD has no body to rewrite.
            http.Response.ContentLength = null;
            return;
        }
        var document = await JsonNode.ParseAsync(await response.Content.ReadAsStreamAsync(http.RequestAborted), cancellationToken: http.RequestAborted)
            as JsonObject ?? throw new InvalidOperationException($"The OpenAPI document at {http.Request.Path} is not a JSON object.");
        document["servers"] = new JsonArray(new JsonObject
        {
            ["url"] = BaseUrl(http.Request),
            ["description"] = "The Model Risk Platform gateway",
        });
        var body = JsonSerializer.SerializeToUtf8Bytes(document);
        context.SuppressResponseBody = true;
        http.Response.ContentLength = body.Length;
        http.Response.ContentType = "application/json; charset=utf-8";
        await http.Response.Body.WriteAsync(body, http.RequestAborted);
    }
}
