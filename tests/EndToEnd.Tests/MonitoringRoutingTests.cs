using System.Net;

namespace ModelRisk.EndToEnd.Tests;

/// <summary>
/// Monitoring runs in the platform the AppHost starts and is reached only through the gateway: its routes, its policies
/// at the gateway and its OpenAPI document, with the real service behind them.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class MonitoringRoutingTests(PlatformFixture platform)
{
    [Fact]
    public async Task A_signed_in_reader_reaches_the_monitoring_service_through_the_gateway()
    {
        var api = new GatewayApi(platform.Gateway);
        var analyst = await platform.SignInAsync("riley.analyst", "dev-only-riley-pw");

        var plans = await api.SendAsync(analyst, HttpMethod.Get, "/api/monitoring/plans?limit=5");

        Assert.Equal(System.Text.Json.JsonValueKind.Array, plans.GetProperty("items").ValueKind);
    }

    [Fact]
    public async Task The_gateway_refuses_ingest_by_a_role_the_ingest_policy_does_not_name()
    {
        var api = new GatewayApi(platform.Gateway);
        // A risk analyst may write plans and acknowledge alerts, but pushing points is the model's pipeline's and owners'.
        var analyst = await platform.SignInAsync("riley.analyst", "dev-only-riley-pw");

        using var refused = await api.SendRawAsync(analyst, HttpMethod.Post, "/api/monitoring/points", new { points = Array.Empty<object>() });

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task The_monitoring_document_is_served_by_the_gateway()
    {
        // Local mode serves the documents without a token (Gateway:AnonymousApiDocs and ApiDocs:Anonymous).
        using var document = await platform.Gateway.GetAsync("/openapi/monitoring.json");

        Assert.Equal(HttpStatusCode.OK, document.StatusCode);
        Assert.Contains("/api/monitoring/predictions", await document.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
