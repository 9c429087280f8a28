using Microsoft.Extensions.Options;
using ModelRisk.Gateway.RateLimiting;
using Yarp.ReverseProxy.Configuration;

namespace ModelRisk.Gateway.Proxy;

/// <summary>
/// Gives every route the gateway's defaults unless its configuration overrides them: the per-client rate limit
/// and the default request body limit. A route added to configuration is therefore limited without anyone
/// remembering to say so; a route with no authorization policy falls to the fallback policy (a valid token), and
/// a route may not ask for anonymous access.
/// </summary>
public sealed class RouteDefaults(IOptionsMonitor<GatewayOptions> options) : IProxyConfigFilter
{
    public ValueTask<ClusterConfig> ConfigureClusterAsync(ClusterConfig cluster, CancellationToken cancel) => new(cluster);

    public ValueTask<RouteConfig> ConfigureRouteAsync(RouteConfig route, ClusterConfig? cluster, CancellationToken cancel)
    {
        // YARP's reserved "anonymous" would open a route to callers without a token; only health and metrics are open.
        if (string.Equals(route.AuthorizationPolicy, "anonymous", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"Route '{route.RouteId}' asks for anonymous access: every proxied route needs a token.");
        }
        return new(route with
        {
            RateLimiterPolicy = route.RateLimiterPolicy ?? ClientRateLimiting.PolicyName,
            MaxRequestBodySize = route.MaxRequestBodySize ?? options.CurrentValue.MaxRequestBodySize,
        });
    }
}
