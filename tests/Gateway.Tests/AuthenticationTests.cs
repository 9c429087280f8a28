using System.Net;
using ModelRisk.TestSupport;

namespace ModelRisk.Gateway.Tests;

[Collection(GatewayCollection.Name)]
public sealed class AuthenticationTests(GatewayFixture fixture)
{
    private const string ModelPath = "/api/inventory/models/m-1";

    [Fact]
    public async Task A_request_without_a_token_is_refused_with_401_problem()
    {
        var response = await fixture.Gateway.CreateClient().GetAsync(ModelPath);

        await response.ProblemAsync(401);
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
    }

    [Theory]
    [MemberData(nameof(TestIdentity.InvalidTokenData), MemberType = typeof(TestIdentity))]
    public async Task An_invalid_token_is_refused_with_401_problem_before_the_service(string why, string token)
    {
        var path = $"{ModelPath}?probe={Guid.NewGuid():N}";

        var response = await fixture.Gateway.ClientWithToken(token).GetAsync(path);

        Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{why}: got {(int)response.StatusCode}");
        await response.ProblemAsync(401);
        Assert.DoesNotContain(path, fixture.Backend.Received);
    }

    [Fact]
    public async Task A_write_by_a_read_only_role_is_refused_with_403_problem()
    {
        var client = fixture.Gateway.ClientWithToken(TestIdentity.Auditor());

        var write = await client.PostAsync("/api/inventory/models", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        var read = await client.GetAsync(ModelPath);

        await write.ProblemAsync(403);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("PUT")]
    [InlineData("PATCH")]
    [InlineData("DELETE")]
    public async Task Every_writing_method_needs_a_writing_role(string method)
    {
        var auditor = await fixture.Gateway.ClientWithToken(TestIdentity.Auditor())
            .SendAsync(new HttpRequestMessage(new HttpMethod(method), ModelPath));
        var owner = await fixture.Gateway.ClientWithToken(TestIdentity.ModelOwner("acme-lending"))
            .SendAsync(new HttpRequestMessage(new HttpMethod(method), ModelPath));

        await auditor.ProblemAsync(403);
        Assert.Equal(method, (await owner.EchoAsync()).Method);
    }

    [Fact]
    public async Task An_approver_reaches_the_lifecycle_route_and_no_other_write()
    {
        var approver = fixture.Gateway.ClientWithToken(TestIdentity.Token("avery.approver", ["approver"]));

        var approve = await approver.PostAsync(ModelPath + "/lifecycle", new StringContent("{\"to\":\"Approved\"}", System.Text.Encoding.UTF8, "application/json"));
        var register = await approver.PostAsync("/api/inventory/models", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal("POST", (await approve.EchoAsync()).Method);
        await register.ProblemAsync(403);
        await (await fixture.Gateway.ClientWithToken(TestIdentity.Auditor())
            .PostAsync(ModelPath + "/lifecycle", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"))).ProblemAsync(403);
    }

    [Fact]
    public async Task A_client_role_named_like_a_realm_role_passes_no_realm_role_policy()
    {
        var token = TestIdentity.Token("client-role-only", [], ["acme-lending"],
            clientRoles: new Dictionary<string, IEnumerable<string>> { [TestIdentity.Audience] = ["approver", "risk-analyst", "model-owner"] });
        var client = fixture.Gateway.ClientWithToken(token);

        await (await client.GetAsync(ModelPath)).ProblemAsync(403);
        await (await client.PostAsync(ModelPath + "/lifecycle", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"))).ProblemAsync(403);
    }

    [Fact]
    public async Task A_token_with_no_platform_role_cannot_read()
    {
        var response = await fixture.Gateway.ClientWithToken(TestIdentity.Token("stranger", [])).GetAsync(ModelPath);

        await response.ProblemAsync(403);
    }

    [Fact]
    public async Task A_path_no_route_serves_still_needs_a_token()
    {
        var anonymous = await fixture.Gateway.CreateClient().GetAsync("/api/nowhere/things");
        var signedIn = await fixture.Gateway.ClientWithToken(TestIdentity.RiskAnalyst()).GetAsync("/api/nowhere/things");

        await anonymous.ProblemAsync(401);
        await signedIn.ProblemAsync(404);
    }

    [Fact]
    public void A_route_configured_for_anonymous_access_stops_the_gateway_from_starting()
    {
        using var gateway = fixture.GatewayWith(new Dictionary<string, string?>
        {
            ["ReverseProxy:Routes:open:ClusterId"] = "inventory",
            ["ReverseProxy:Routes:open:AuthorizationPolicy"] = "anonymous",
            ["ReverseProxy:Routes:open:Match:Path"] = "/open/{**rest}",
        });

        var refused = Assert.ThrowsAny<Exception>(() => gateway.CreateClient());

        Assert.Contains(Chain(refused), e => e is InvalidOperationException && e.Message.Contains("Route 'open' asks for anonymous access", StringComparison.Ordinal));
    }

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            yield return e;
        }
    }

    [Theory]
    [InlineData("/health")]
    [InlineData("/alive")]
    [InlineData("/metrics")]
    public async Task Health_and_metrics_answer_without_a_token(string path)
    {
        var response = await fixture.Gateway.CreateClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
