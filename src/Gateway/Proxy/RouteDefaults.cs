using Microsoft.Extensions.Options;
using ModelRisk.Gateway.RateLimiting;
using Yarp.ReverseProxy.Configuration;

namespace ModelRisk.Gateway.Proxy;

/// <summary>
/// Gives every route the gateway's defaults unless its configuration overrides them: the per-client rate limit
/// and the default request body limit. A route added to configuration is therefore limited without anyone
/// remembering to say so; a route with no authorization policy falls to the fallback policy (a valid token).
/// </summary>
public sealed class RouteDefaults(IOptionsMonitor<GatewayOptions> options) : IProxyConfigFilter
{
    public ValueTask<ClusterConfig> ConfigureClusterAsync(ClusterConfig cluster, CancellationToken cancel) => new(cluster);

    public ValueTask<RouteConfig> ConfigureRouteAsync(RouteConfig route, ClusterConfig? cluster, CancellationToken cancel) =>
        new(route with
        {
            RateLimiterPolicy = route.RateLimiterPolicy ?? ClientRateLimiting.PolicyName,
            MaxRequestBodySize = route.MaxRequestBodySize ?? options.CurrentValue.MaxRequestBodySize,
        });
}
