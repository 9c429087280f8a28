using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace ModelRisk.Gateway.ClientAddress;

/// <summary>
/// The caller's address when the gateway sits behind an ingress or load balancer: <c>X-Forwarded-For</c> is
/// believed only from the networks in <c>Gateway:TrustedProxies</c> (CIDR), so that anonymous callers are
/// rate-limited by their own IP rather than all together by the ingress's, and nobody else can pick their bucket.
/// With none configured only loopback is trusted.
/// </summary>
public static class TrustedProxies
{
    public static IServiceCollection AddTrustedProxies(this IServiceCollection services)
    {
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<GatewayOptions>>((forwarded, gateway) =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // The ingress appends the address it saw: exactly one hop is ours to believe.
            forwarded.ForwardLimit = 1;
            foreach (var network in gateway.Value.TrustedProxies)
            {
                forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });
        return services;
    }
}
