using System.Net;
using ModelRisk.TestSupport;

namespace ModelRisk.Gateway.Tests;

[Collection(GatewayCollection.Name)]
public sealed class ApiDocsTests(GatewayFixture fixture)
{
    [Theory]
    [InlineData("/docs/")]
    [InlineData("/openapi/inventory.json")]
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
    public async Task The_Scalar_UI_lists_every_services_document()
    {
        var response = await fixture.Gateway.ClientWithToken(TestIdentity.Auditor()).GetAsync("/docs/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        // Scalar resolves the source against the gateway's base path: /openapi/inventory.json.
        Assert.Contains("""{"title":"Inventory","url":"openapi/inventory.json"}""", await response.Content.ReadAsStringAsync());
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
