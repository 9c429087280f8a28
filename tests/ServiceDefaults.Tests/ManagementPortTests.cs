using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

using ModelRisk.TestSupport;

namespace ModelRisk.ServiceDefaults.Tests;

/// <summary>
/// A service built from the service defaults on real Kestrel listeners: with <c>Management:Port</c> set, health and
/// metrics answer there and nowhere else, and the API answers everywhere else.
/// </summary>
public sealed class ManagementPortTests
{
    private static readonly string[] ManagementPaths = ["/health", "/health/startup", "/alive", "/metrics"];

    [Fact]
    public async Task With_a_management_port_health_and_metrics_answer_only_there()
    {
        var apiPort = FreePort.Next();
        var managementPort = FreePort.Next();
        await using var app = await StartAsync(managementPort, apiPort, managementPort);
        using var http = new HttpClient();

        foreach (var path in ManagementPaths)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(Url(apiPort, path))).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(Url(managementPort, path))).StatusCode);
        }
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(Url(apiPort, "/api/things"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(Url(managementPort, "/api/things"))).StatusCode);
    }

    [Fact]
    public async Task The_host_header_cannot_move_a_request_onto_the_management_port()
    {
        var apiPort = FreePort.Next();
        var managementPort = FreePort.Next();
        await using var app = await StartAsync(managementPort, apiPort, managementPort);
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, Url(apiPort, "/metrics"));
        request.Headers.Host = $"localhost:{managementPort}";

        Assert.Equal(HttpStatusCode.NotFound, (await http.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task Without_a_management_port_health_and_metrics_answer_on_the_api_port()
    {
        var apiPort = FreePort.Next();
        await using var app = await StartAsync(managementPort: null, apiPort);
        using var http = new HttpClient();

        foreach (var path in ManagementPaths.Append("/api/things"))
        {
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(Url(apiPort, path))).StatusCode);
        }
    }

    private static async Task<WebApplication> StartAsync(int? managementPort, params int[] ports)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        if (managementPort is { } port)
        {
            builder.Configuration["Management:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        builder.AddServiceDefaults();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            foreach (var listen in ports)
            {
                kestrel.Listen(IPAddress.Loopback, listen);
            }
        });
        var app = builder.Build();
        app.UseServiceDefaults();
        app.MapGet("/api/things", () => Results.Ok());
        app.MapDefaultEndpoints();
        await app.StartAsync();
        return app;
    }

    private static Uri Url(int port, string path) => new($"http://127.0.0.1:{port}{path}");
}
