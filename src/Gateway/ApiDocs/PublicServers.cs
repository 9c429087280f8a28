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
    public void ValidateRoute(TransformRouteValidationContext context)
    {
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
        if (context.ProxyResponse is not { IsSuccessStatusCode: true } response || HttpMethods.IsHead(http.Request.Method))
        {
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
