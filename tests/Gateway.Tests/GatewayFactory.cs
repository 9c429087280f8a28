using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using ModelRisk.TestSupport;

namespace ModelRisk.Gateway.Tests;

/// <summary>The gateway in memory, trusting the test token key, with every cluster of the shipped routes pointed at a real backend.</summary>
public sealed class GatewayFactory(Uri backend, IReadOnlyDictionary<string, string?>? settings = null) : WebApplicationFactory<Program>
{
    public const string InventoryDestination = "ReverseProxy:Clusters:inventory:Destinations:inventory:Address";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in TestIdentity.HostConfiguration)
        {
            builder.UseSetting(key, value);
        }
        foreach (var cluster in RouteTable.Settings()["ReverseProxy"]!["Clusters"]!.AsObject())
        {
            foreach (var destination in cluster.Value!["Destinations"]!.AsObject())
            {
                builder.UseSetting($"ReverseProxy:Clusters:{cluster.Key}:Destinations:{destination.Key}:Address", backend.ToString());
            }
        }
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureServices(TestIdentity.TrustTestKey);
    }

    public HttpClient ClientWithToken(string token) => CreateClient().WithToken(token);
}

public static class EchoResponses
{
    public static async Task<Echo> EchoAsync(this HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, $"expected the backend's echo, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<Echo>())!;
    }

    public static async Task<Dictionary<string, System.Text.Json.JsonElement>> ProblemAsync(this HttpResponseMessage response, int status)
    {
        Assert.True(status == (int)response.StatusCode, $"expected {status}, got {(int)response.StatusCode} {response.Headers.WwwAuthenticate}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = (await response.Content.ReadFromJsonAsync<Dictionary<string, System.Text.Json.JsonElement>>())!;
        Assert.Equal(status, problem["status"].GetInt32());
        Assert.True(problem.ContainsKey("traceId"), "a problem carries the trace id");
        return problem;
    }
}
