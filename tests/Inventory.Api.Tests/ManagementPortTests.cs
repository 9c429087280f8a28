using System.Net;
using ModelRisk.Inventory.Tests.Infrastructure;
using ModelRisk.TestSupport;

namespace ModelRisk.Inventory.Tests;

/// <summary>
/// Inventory configured as in Kubernetes, with a management port on real Kestrel listeners: health and metrics answer
/// there and are 404 on the API port, and the API does not answer on the management port.
/// </summary>
public sealed class ManagementPortTests
{
    [Fact]
    public async Task Health_and_metrics_answer_only_on_the_management_port()
    {
        var apiPort = FreePort.Next();
        var managementPort = FreePort.Next();
        await using var inventory = InventoryFactory.With(new Dictionary<string, string?>
        {
            ["Management:Port"] = managementPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        inventory.UseKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, apiPort);
            kestrel.Listen(IPAddress.Loopback, managementPort);
        });
        inventory.StartServer();
        await inventory.InitializeAsync();
        using var http = new HttpClient().WithToken(TestIdentity.RiskAnalyst());

        foreach (var path in new[] { "/health", "/alive", "/metrics" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(Url(apiPort, path))).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(Url(managementPort, path))).StatusCode);
        }
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(Url(apiPort, Api.Models))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(Url(managementPort, Api.Models))).StatusCode);
    }

    private static Uri Url(int port, string path) => new($"http://127.0.0.1:{port}{path}");
}
