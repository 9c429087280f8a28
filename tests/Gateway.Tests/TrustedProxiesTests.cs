using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using ModelRisk.TestSupport;

namespace ModelRisk.Gateway.Tests;

/// <summary>
/// The trusted proxy networks the Kubernetes overlays ship: with them, anonymous callers arriving through an ingress
/// pod are limited by their own address, not together in the ingress pod's bucket.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class TrustedProxiesTests(GatewayFixture fixture)
{
    public static TheoryData<string> Overlays() => ["dev", "prod"];

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Behind_the_overlays_ingress_two_forwarded_clients_get_separate_buckets(string overlay)
    {
        var network = ShippedTrustedProxies(overlay);
        // One token per bucket, refilled once an hour: a client's second call is over its budget.
        await using var gateway = fixture.GatewayWith(new Dictionary<string, string?>
        {
            ["Gateway:TrustedProxies:0"] = network.ToString(),
            ["Gateway:RateLimit:TokenLimit"] = "1",
            ["Gateway:RateLimit:TokensPerPeriod"] = "1",
            ["Gateway:RateLimit:ReplenishmentPeriodSeconds"] = "3600",
        });
        var ingressPod = AddressIn(network);

        var first = await ThroughIngressAsync(gateway, ingressPod, "203.0.113.10");
        var again = await ThroughIngressAsync(gateway, ingressPod, "203.0.113.10");
        var other = await ThroughIngressAsync(gateway, ingressPod, "198.51.100.20");

        // Anonymous calls pass the limiter (then fail authentication); a call over budget is 429.
        Assert.Equal(StatusCodes.Status401Unauthorized, first.Response.StatusCode);
        Assert.Equal(StatusCodes.Status429TooManyRequests, again.Response.StatusCode);
        Assert.Equal(StatusCodes.Status401Unauthorized, other.Response.StatusCode);
    }

    [Fact]
    public async Task A_forwarded_address_from_outside_the_trusted_networks_is_ignored()
    {
        await using var gateway = fixture.GatewayWith(new Dictionary<string, string?>
        {
            ["Gateway:TrustedProxies:0"] = ShippedTrustedProxies("prod").ToString(),
            ["Gateway:RateLimit:TokenLimit"] = "1",
            ["Gateway:RateLimit:TokensPerPeriod"] = "1",
            ["Gateway:RateLimit:ReplenishmentPeriodSeconds"] = "3600",
        });
        var stranger = IPAddress.Parse("192.0.2.99");

        await ThroughIngressAsync(gateway, stranger, "203.0.113.10");
        var pickedAnotherBucket = await ThroughIngressAsync(gateway, stranger, "198.51.100.20");

        Assert.Equal(StatusCodes.Status429TooManyRequests, pickedAnotherBucket.Response.StatusCode);
    }

    /// <summary>The value an overlay gives <c>Gateway__TrustedProxies__0</c> in its gateway config map.</summary>
    private static IPNetwork ShippedTrustedProxies(string overlay)
    {
        var kustomization = File.ReadAllLines(RepositoryFiles.Path($"k8s/overlays/{overlay}/kustomization.yaml"));
        var literal = kustomization.Select(l => l.Trim().TrimStart('-').Trim())
            .SingleOrDefault(l => l.StartsWith("Gateway__TrustedProxies__0=", StringComparison.Ordinal));
        Assert.True(literal is not null, $"k8s/overlays/{overlay} sets no Gateway__TrustedProxies__0");
        return IPNetwork.Parse(literal.Split('=', 2)[1]);
    }

    private static IPAddress AddressIn(IPNetwork network)
    {
        var bytes = network.BaseAddress.GetAddressBytes();
        bytes[^1] |= 7;
        var address = new IPAddress(bytes);
        Assert.True(network.Contains(address));
        return address;
    }

    // A request as the ingress controller's pod sends it: its own address on the connection, the caller's appended.
    private static Task<HttpContext> ThroughIngressAsync(GatewayFactory gateway, IPAddress proxy, string client) =>
        gateway.Server.SendAsync(context =>
        {
            context.Request.Method = HttpMethods.Get;
            context.Request.Path = "/api/inventory/models";
            context.Request.Headers["X-Forwarded-For"] = client;
            context.Connection.RemoteIpAddress = proxy;
        });
}
