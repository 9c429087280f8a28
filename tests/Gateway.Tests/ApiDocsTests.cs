using System.Net;
using ModelRisk.TestSupport;

namespace ModelRisk.Gateway.Tests;

[Collection(GatewayCollection.Name)]
public sealed class ApiDocsTests(GatewayFixture fixture)
{
    [Theory]
    [InlineData("/docs/")]
    [InlineData("/openapi/inventory.json")]
    [InlineData("/openapi/assessment.json")]
    [InlineData("/openapi/findings.json")]
    [InlineData("/openapi/monitoring.json")]
    public async Task The_docs_need_a_token_by_default(string path)
    {
        var response = await fixture.Gateway.CreateClient().GetAsync(path);

        await response.ProblemAsync(401);
    }

    [Fact]
    public async Task A_signed_in_user_gets_each_services_document_from_its_openapi_route()
    {
        var response = await fixture.Gateway.ClientWithToken(TestIdentity.Auditor()).GetAsync("/openapi/inventory.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"title\":\"Inventory\"", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_document_names_the_gateways_public_url_as_its_server()
    {
        await using var gateway = fixture.GatewayWith(new Dictionary<string, string?> { ["Gateway:PublicBaseUrl"] = "https://api.acme-lending.test/" });

        var document = await DocumentAsync(gateway);

        var server = Assert.Single(document["servers"]!.AsArray());
        Assert.Equal("https://api.acme-lending.test", server!["url"]!.GetValue<string>());
        // The rest of the service's document is passed on as it was.
        Assert.Equal("Inventory", document["info"]!["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task Without_a_configured_public_url_the_server_is_the_address_the_client_called()
    {
        var document = await DocumentAsync(fixture.Gateway);

        var server = Assert.Single(document["servers"]!.AsArray());
        Assert.Equal("http://localhost", server!["url"]!.GetValue<string>());
    }

    [Fact]
    public void A_public_url_that_is_not_an_absolute_http_url_stops_the_gateway()
    {
        using var gateway = fixture.GatewayWith(new Dictionary<string, string?> { ["Gateway:PublicBaseUrl"] = "ftp://api.acme-lending.test" });

        var failure = Assert.ThrowsAny<Exception>(() => gateway.CreateClient());
        Assert.Contains("Gateway:PublicBaseUrl", failure.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_document_route_off_the_public_openapi_path_stops_the_gateway()
    {
        using var gateway = fixture.GatewayWith(new Dictionary<string, string?> { ["ReverseProxy:Routes:inventory-openapi:Match:Path"] = "/docs/inventory.json" });

        var failure = Assert.ThrowsAny<Exception>(() => gateway.CreateClient());
        Assert.Contains("must be /openapi/inventory.json", failure.ToString(), StringComparison.Ordinal);
    }

    private static async Task<System.Text.Json.Nodes.JsonNode> DocumentAsync(GatewayFactory gateway)
    {
        var response = await gateway.ClientWithToken(TestIdentity.Auditor()).GetAsync("/openapi/inventory.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    [Fact]
    public async Task The_Scalar_UI_lists_every_services_document()
    {
        var response = await fixture.Gateway.ClientWithToken(TestIdentity.Auditor()).GetAsync("/docs/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        // Scalar resolves the source against the gateway's base path: /openapi/inventory.json.
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("""{"title":"Inventory","url":"openapi/inventory.json"}""", page);
        Assert.Contains("""{"title":"Assessment","url":"openapi/assessment.json"}""", page);
        Assert.Contains("""{"title":"Findings","url":"openapi/findings.json"}""", page);
        Assert.Contains("""{"title":"Monitoring","url":"openapi/monitoring.json"}""", page);
    }

    [Fact]
    public async Task With_anonymous_api_docs_the_docs_need_no_token_but_the_api_still_does()
    {
        await using var gateway = fixture.GatewayWith(new Dictionary<string, string?> { ["Gateway:AnonymousApiDocs"] = "true" });
        var client = gateway.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/docs/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/openapi/inventory.json")).StatusCode);
        await (await client.GetAsync("/api/inventory/models")).ProblemAsync(401);
    }
}
