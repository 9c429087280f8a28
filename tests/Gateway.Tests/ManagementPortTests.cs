using System.Net;
using ModelRisk.TestSupport;

namespace ModelRisk.Gateway.Tests;

/// <summary>
/// With <c>Management:Port</c> set, as in Kubernetes, the gateway's own health and metrics answer only there, and
/// on the public port nobody (with a token or without) reaches the gateway's or a service's health and metrics.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class ManagementPortTests(GatewayFixture fixture)
{
    [Theory]
    [InlineData("/health")]
    [InlineData("/alive")]
    [InlineData("/metrics")]
    public async Task Health_and_metrics_answer_on_the_management_port_and_never_on_the_public_one(string path)
    {
        var (publicPort, managementPort) = (FreePort.Next(), FreePort.Next());
        await using var gateway = StartWithManagementPort(publicPort, managementPort);
        using var http = new HttpClient();
        var probe = $"{path}?probe={Guid.NewGuid():N}";

        var management = await http.GetAsync(Url(managementPort, path));
        var anonymous = await http.GetAsync(Url(publicPort, probe));
        using var withToken = new HttpRequestMessage(HttpMethod.Get, Url(publicPort, probe));
        withToken.Headers.Authorization = new("Bearer", TestIdentity.Token("admin", ["platform-admin", "operator"]));
        var signedIn = await http.SendAsync(withToken);

        Assert.Equal(HttpStatusCode.OK, management.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, signedIn.StatusCode);
        Assert.DoesNotContain(probe, fixture.Backend.Received);
    }

    [Fact]
    public async Task The_management_port_serves_no_proxied_route()
    {
        var (publicPort, managementPort) = (FreePort.Next(), FreePort.Next());
        await using var gateway = StartWithManagementPort(publicPort, managementPort);
        using var http = new HttpClient();
        var path = $"/api/inventory/models?probe={Guid.NewGuid():N}";
        using var request = new HttpRequestMessage(HttpMethod.Get, Url(managementPort, path));
        request.Headers.Authorization = new("Bearer", TestIdentity.RiskAnalyst());

        var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain(path, fixture.Backend.Received);
    }

    /// <summary>The gateway on real listeners, as in Kubernetes: the public port and the management port.</summary>
    private GatewayFactory StartWithManagementPort(int publicPort, int managementPort)
    {
        var gateway = fixture.GatewayWith(new Dictionary<string, string?> { ["Management:Port"] = managementPort.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        gateway.UseKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, publicPort);
            kestrel.Listen(IPAddress.Loopback, managementPort);
        });
        gateway.StartServer();
        return gateway;
    }

    private static Uri Url(int port, string pathAndQuery) => new($"http://127.0.0.1:{port}{pathAndQuery}");
}
