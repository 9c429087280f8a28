using System.Net;
using System.Net.Http.Json;
using ModelRisk.Inventory.Tests.Infrastructure;
using ModelRisk.TestSupport;

namespace ModelRisk.Inventory.Tests;

/// <summary>Tokens go through the real JwtBearer validation; only the signing key is the test's.</summary>
[Collection(InventoryCollection.Name)]
public sealed class AuthTests(InventoryFactory factory)
{
    private readonly string _org = Api.NewOrg("auth");

    public static TheoryData<string, string> BadTokens() => new()
    {
        { "forged signature", TestIdentity.Token("mallory", ["model-owner"], ["auth"], key: TestIdentity.UntrustedKey) },
        { "expired", TestIdentity.Token("late", ["model-owner"], ["auth"], expires: DateTime.UtcNow.AddMinutes(-1)) },
        { "wrong issuer", TestIdentity.Token("elsewhere", ["model-owner"], ["auth"], issuer: "https://evil.test/realms/model-risk") },
        { "wrong audience", TestIdentity.Token("other-api", ["model-owner"], ["auth"], audience: "another-api") },
        { "no audience", TestIdentity.Token("no-aud", ["model-owner"], ["auth"], audience: null) },
    };

    [Fact]
    public async Task Without_a_token_reads_and_writes_are_401()
    {
        var client = factory.CreateClient();
        (await client.GetAsync(Api.Models)).EnsureStatus(HttpStatusCode.Unauthorized);
        var post = await client.RegisterAsync(Api.RegistrationBody(_org, Api.NewKey()));
        Assert.Equal(HttpStatusCode.Unauthorized, post.StatusCode);
        Assert.Equal(0, await factory.ModelCountAsync(_org));
    }

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task A_token_that_fails_validation_is_401_on_read_and_write(string why, string token)
    {
        var client = factory.ClientWithToken(token);
        var get = await client.GetAsync(Api.Models);
        Assert.True(get.StatusCode == HttpStatusCode.Unauthorized, $"{why}: GET gave {(int)get.StatusCode}");
        Assert.Contains(get.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");

        var post = await client.RegisterAsync(Api.RegistrationBody("auth", Api.NewKey()));
        Assert.True(post.StatusCode == HttpStatusCode.Unauthorized, $"{why}: POST gave {(int)post.StatusCode}");
    }

    [Fact]
    public async Task The_same_claims_with_a_valid_signature_are_accepted()
    {
        // The control for the theory above: only the broken property makes the difference.
        var client = factory.ClientWithToken(TestIdentity.Token("owner", ["model-owner"], [_org]));
        (await client.GetAsync(Api.Models)).EnsureStatus(HttpStatusCode.OK);
        await client.RegisterModelAsync(_org);
    }

    [Fact]
    public async Task An_auditor_reads_but_may_not_write()
    {
        var owner = factory.ClientWithToken(TestIdentity.ModelOwner(_org));
        var model = await owner.RegisterModelAsync(_org);
        var auditor = factory.ClientWithToken(TestIdentity.Auditor());

        (await auditor.GetAsync($"{Api.Models}/{model.Id}")).EnsureStatus(HttpStatusCode.OK);
        var post = await auditor.RegisterAsync(Api.RegistrationBody(_org, Api.NewKey()));
        await post.ProblemAsync(HttpStatusCode.Forbidden);
        var patch = await auditor.PatchAsync(model.Id, new { name = "Audited" }, "*");
        Assert.Equal(HttpStatusCode.Forbidden, patch.StatusCode);
        Assert.Equal(1, await factory.ModelCountAsync(_org));
    }

    [Fact]
    public async Task An_operator_without_an_inventory_role_may_not_read()
    {
        var client = factory.ClientWithToken(TestIdentity.Token("ops", ["operator"], [_org]));
        await (await client.GetAsync(Api.Models)).ProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_token_without_roles_may_not_read()
    {
        var client = factory.ClientWithToken(TestIdentity.Token("nobody", [], [_org]));
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(Api.Models)).StatusCode);
    }

    [Fact]
    public async Task Only_a_risk_analyst_sets_the_risk_tier()
    {
        var owner = factory.ClientWithToken(TestIdentity.ModelOwner(_org));
        var model = await owner.RegisterModelAsync(_org);

        var byOwner = await owner.SetRiskTierAsync(model.Id, "Low", "*");
        await byOwner.ProblemAsync(HttpStatusCode.Forbidden);

        var get = await owner.GetAsync($"{Api.Models}/{model.Id}");
        var current = await get.ReadAsync<Features.Models.ModelResponse>();
        Assert.Equal(Models.RiskTier.Unassigned, current.RiskTier.Tier);
        Assert.Equal(1, current.Revision);
    }

    [Fact]
    public async Task Roles_given_for_another_client_are_ignored()
    {
        var token = TestIdentity.Token("other-client-owner", [], [_org],
            clientRoles: new Dictionary<string, IEnumerable<string>> { ["some-other-app"] = ["model-owner", "risk-analyst"] });
        var client = factory.ClientWithToken(token);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(Api.Models)).StatusCode);
    }

    [Fact]
    public async Task Health_and_liveness_answer_without_a_token()
    {
        var client = factory.CreateClient();
        (await client.GetAsync("/health")).EnsureStatus(HttpStatusCode.OK);
        (await client.GetAsync("/alive")).EnsureStatus(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_openapi_document_needs_a_token()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.CreateClient().GetAsync("/openapi/v1.json")).StatusCode);

        var withToken = await factory.ClientWithToken(TestIdentity.Auditor()).GetAsync("/openapi/v1.json");
        withToken.EnsureStatus(HttpStatusCode.OK);
        var document = await withToken.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        var paths = document.GetProperty("paths");
        Assert.True(paths.TryGetProperty(Api.Models, out _));
        // The import documents the body types it takes.
        var importBody = paths.GetProperty($"{Api.Models}/import").GetProperty("post").GetProperty("requestBody").GetProperty("content");
        Assert.True(importBody.TryGetProperty("text/csv", out _));
        Assert.True(importBody.TryGetProperty("application/x-ndjson", out _));
    }
}

/// <summary>Local mode: the API document is served without a token so a browser can load it.</summary>
public sealed class AnonymousApiDocsTests : IAsyncLifetime
{
    private readonly InventoryFactory _factory = InventoryFactory.With(new Dictionary<string, string?> { ["ApiDocs:Anonymous"] = "true" });

    public Task InitializeAsync() => _factory.InitializeAsync();

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task The_document_is_anonymous_but_the_api_is_not()
    {
        var client = _factory.CreateClient();
        (await client.GetAsync("/openapi/v1.json")).EnsureStatus(HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(Api.Models)).StatusCode);
    }
}
