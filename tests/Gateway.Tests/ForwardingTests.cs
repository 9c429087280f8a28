using System.Diagnostics;
using System.Net;
using ModelRisk.TestSupport;

namespace ModelRisk.Gateway.Tests;

[Collection(GatewayCollection.Name)]
public sealed class ForwardingTests(GatewayFixture fixture)
{
    [Fact]
    public async Task A_model_owner_read_reaches_the_service_unchanged_with_token_correlation_id_and_trace_context()
    {
        var token = TestIdentity.ModelOwner("acme-lending");
        var client = fixture.Gateway.ClientWithToken(token);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/inventory/models/m-42?include=versions");
        request.Headers.Add("X-Correlation-Id", "ci-run-1234");

        var response = await client.SendAsync(request);
        var echo = await response.EchoAsync();

        Assert.Equal("GET", echo.Method);
        Assert.Equal("/api/inventory/models/m-42?include=versions", echo.Path);
        Assert.Equal($"Bearer {token}", echo.Header("Authorization"));
        Assert.Equal("ci-run-1234", echo.Header("X-Correlation-Id"));
        Assert.Equal(["ci-run-1234"], response.Headers.GetValues("X-Correlation-Id"));
        Assert.True(ActivityContext.TryParse(echo.Header("traceparent"), null, out _), $"traceparent: {echo.Header("traceparent")}");
    }

    [Fact]
    public async Task The_callers_trace_continues_through_the_gateway()
    {
        var caller = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/inventory/models");
        request.Headers.Add("traceparent", $"00-{caller.TraceId}-{caller.SpanId}-01");

        var echo = await (await fixture.Gateway.ClientWithToken(TestIdentity.RiskAnalyst()).SendAsync(request)).EchoAsync();

        Assert.True(ActivityContext.TryParse(echo.Header("traceparent"), null, out var forwarded));
        Assert.Equal(caller.TraceId, forwarded.TraceId);
        Assert.NotEqual(caller.SpanId, forwarded.SpanId);
    }

    [Fact]
    public async Task A_correlation_id_is_made_when_the_caller_sends_none_or_a_malformed_one()
    {
        var client = fixture.Gateway.ClientWithToken(TestIdentity.RiskAnalyst());
        using var malformed = new HttpRequestMessage(HttpMethod.Get, "/api/inventory/models");
        malformed.Headers.TryAddWithoutValidation("X-Correlation-Id", "bad id\twith spaces");

        var none = await client.GetAsync("/api/inventory/models");
        var replaced = await client.SendAsync(malformed);

        foreach (var response in new[] { none, replaced })
        {
            var echo = await response.EchoAsync();
            var id = Assert.Single(response.Headers.GetValues("X-Correlation-Id"));
            Assert.Matches("^[0-9a-f]{32}$", id);
            Assert.Equal(id, echo.Header("X-Correlation-Id"));
        }
    }

    [Fact]
    public async Task A_refusal_by_the_gateway_also_carries_the_correlation_id()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/inventory/models");
        request.Headers.Add("X-Correlation-Id", "refused-call-1");

        var response = await fixture.Gateway.CreateClient().SendAsync(request);
        var problem = await response.ProblemAsync(401);

        Assert.Equal(["refused-call-1"], response.Headers.GetValues("X-Correlation-Id"));
        Assert.Equal("refused-call-1", problem["correlationId"].GetString());
    }

    [Fact]
    public async Task A_write_by_an_integration_is_forwarded_with_its_body()
    {
        var client = fixture.Gateway.ClientWithToken(TestIdentity.Integration("acme-lending"));

        var response = await client.PostAsync("/api/inventory/models", new ByteArrayContent(new byte[4096]));
        var echo = await response.EchoAsync();

        Assert.Equal("POST", echo.Method);
        Assert.Equal("/api/inventory/models", echo.Path);
        Assert.Equal(4096, echo.BodyBytes);
    }

    [Fact]
    public async Task The_destination_is_resolved_through_service_discovery()
    {
        // What Aspire injects: the cluster keeps its logical address http://inventory.
        await using var gateway = fixture.GatewayWith(new Dictionary<string, string?>
        {
            [GatewayFactory.InventoryDestination] = "http://inventory",
            ["services:inventory:http:0"] = fixture.Backend.Address.ToString(),
        });

        var response = await gateway.ClientWithToken(TestIdentity.RiskAnalyst()).GetAsync("/api/inventory/models/m-7");

        Assert.Equal("/api/inventory/models/m-7", (await response.EchoAsync()).Path);
    }

    [Fact]
    public async Task Behind_a_trusted_proxy_the_callers_own_address_is_forwarded()
    {
        // A real server, so that the connection comes from 127.0.0.1: the stand-in for the ingress.
        await using var gateway = fixture.GatewayWith(new Dictionary<string, string?> { ["Gateway:TrustedProxies:0"] = "127.0.0.0/8" });
        gateway.UseKestrel(0);
        gateway.StartServer();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/inventory/models");
        request.Headers.Add("X-Forwarded-For", "203.0.113.7");

        var echo = await (await gateway.ClientWithToken(TestIdentity.RiskAnalyst()).SendAsync(request)).EchoAsync();

        Assert.Equal("203.0.113.7", echo.Header("X-Forwarded-For"));
    }

    [Fact]
    public async Task An_unreachable_service_is_a_502_problem()
    {
        await using var gateway = new GatewayFactory(new Uri($"http://127.0.0.1:{ClosedPort()}"));

        var response = await gateway.ClientWithToken(TestIdentity.RiskAnalyst()).GetAsync("/api/inventory/models/m-1");

        await response.ProblemAsync(502);
    }

    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
