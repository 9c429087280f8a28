using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using ModelRisk.Gateway.RateLimiting;
using ModelRisk.ServiceDefaults.Identity;
using Scalar.AspNetCore;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Transforms.Builder;

namespace ModelRisk.Gateway.ApiDocs;

/// <summary>
/// The services' OpenAPI documents (each proxied by a route that carries <c>ApiDocument.Name</c> and
/// <c>ApiDocument.Title</c> metadata, with the gateway's public URL as server: <see cref="PublicServers"/>) shown
/// together in one Scalar UI at <c>/docs</c>. Both need a token unless <c>Gateway:AnonymousApiDocs</c> is true.
/// </summary>
public static class ApiDocsEndpoints
{
    public const string PolicyName = "api-docs";
    public const string DocumentNameKey = "ApiDocument.Name";
    public const string DocumentTitleKey = "ApiDocument.Title";

    public static IServiceCollection AddGatewayApiDocs(this IServiceCollection services)
    {
        services.AddOptions<AuthorizationOptions>().Configure<IOptions<GatewayOptions>>((authorization, gateway) =>
            authorization.AddPolicy(PolicyName, gateway.Value.AnonymousApiDocs
                ? new AuthorizationPolicyBuilder().RequireAssertion(_ => true).Build()
                : new AuthorizationPolicyBuilder().RequireAuthenticatedUser().RequireRole(PlatformRoles.All).Build()));
        services.AddOptions<GatewayOptions>().Validate(
            o => o.PublicBaseUrl is null || (o.PublicBaseUrl.IsAbsoluteUri && o.PublicBaseUrl.Scheme is "https" or "http" && o.PublicBaseUrl.Query.Length == 0),
            "Gateway:PublicBaseUrl is the absolute http(s) URL clients call the gateway on (https://api.example.org), without a query.");
        services.AddSingleton<ITransformProvider, PublicServers>();
        return services;
    }

    public static WebApplication MapGatewayApiDocs(this WebApplication app)
    {
        app.MapScalarApiReference("/docs", (options, context) =>
            {
                options.WithTitle("Model Risk Platform API");
                // Read per request from the live proxy state so a reloaded route list shows up without a restart.
                var routes = context.RequestServices.GetRequiredService<IProxyStateLookup>().GetRoutes();
                foreach (var document in Documents(routes.Select(r => r.Config)))
                {
                    options.AddDocument(document.Name, document.Title, document.Path);
                }
            })
            .RequireAuthorization(PolicyName)
            .RequireRateLimiting(ClientRateLimiting.PolicyName);
        return app;
    }

    public sealed record ApiDocument(string Name, string Title, string Path);

    public static IEnumerable<ApiDocument> Documents(IEnumerable<Yarp.ReverseProxy.Configuration.RouteConfig> routes) =>
        routes
            .Where(r => r.Metadata is not null && r.Metadata.ContainsKey(DocumentNameKey) && r.Match.Path is not null)
            .Select(r => new ApiDocument(
                r.Metadata![DocumentNameKey],
                r.Metadata.TryGetValue(DocumentTitleKey, out var title) ? title : r.Metadata[DocumentNameKey],
                r.Match.Path!))
            .OrderBy(d => d.Name, StringComparer.Ordinal);
}
