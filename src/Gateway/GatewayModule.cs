using ModelRisk.Gateway.ApiDocs;
using ModelRisk.Gateway.ClientAddress;
using ModelRisk.Gateway.Problems;
using ModelRisk.Gateway.Proxy;
using ModelRisk.Gateway.RateLimiting;

namespace ModelRisk.Gateway;

/// <summary>
/// The gateway's composition root: YARP routes from the <c>ReverseProxy</c> configuration, per-client rate
/// limits, request body limits, correlation ids and the API docs. Authentication comes from
/// <c>AddPlatformAuthentication</c>, so the gateway and the services validate tokens the same way.
/// </summary>
public static class GatewayModule
{
    public static IHostApplicationBuilder AddGateway(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<GatewayOptions>()
            .Bind(builder.Configuration.GetSection(GatewayOptions.SectionName))
            .Validate(o => o.TrustedProxies.All(n => System.Net.IPNetwork.TryParse(n, out _)), "Gateway:TrustedProxies holds CIDR networks (10.0.0.0/8).")
            .Validate(o => o.RateLimit.TokenLimit > 0 && o.RateLimit.TokensPerPeriod > 0 && o.RateLimit.ReplenishmentPeriodSeconds > 0,
                "Gateway:RateLimit needs a positive TokenLimit, TokensPerPeriod and ReplenishmentPeriodSeconds.")
            .ValidateOnStart();

        builder.Services.AddAuthorizationBuilder()
            // An endpoint that states no policy (or a path no route matches) still needs a token.
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());

        builder.Services.AddTrustedProxies();
        builder.Services.AddGatewayProblems();
        builder.Services.AddClientRateLimiting();
        builder.Services.AddGatewayApiDocs();

        builder.Services.AddReverseProxy()
            .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
            .AddConfigFilter<RouteDefaults>()
            .AddServiceDiscoveryDestinationResolver();

        return builder;
    }

    public static WebApplication MapGateway(this WebApplication app)
    {
        app.MapGatewayApiDocs();
        app.MapReverseProxy(proxy =>
        {
            proxy.UseForwardingProblems();
            proxy.UseSessionAffinity();
            proxy.UseLoadBalancing();
            proxy.UsePassiveHealthChecks();
        });
        return app;
    }
}
