using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ModelRisk.DevIdentity.Tests;

/// <summary>The local-mode issuer, reading the realm file Keycloak imports, issues tokens the platform accepts.</summary>
public sealed class DevIdentityTests : IClassFixture<DevIdentityTests.Issuer>
{
    private const string RealmPath = "/realms/model-risk";
    private readonly HttpClient _client;

    public DevIdentityTests(Issuer issuer) => _client = issuer.CreateClient();

    public sealed class Issuer : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder) =>
            builder.UseSetting("DevIdentity:RealmFile", Path.Combine(RepositoryRoot(), "k8s", "components", "keycloak", "model-risk-realm.json"))
                .UseSetting("DevIdentity:PublicUrl", "http://localhost");

        private static string RepositoryRoot()
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "ModelRiskPlatform.sln")))
                {
                    return directory.FullName;
                }
            }
            throw new InvalidOperationException("No ModelRiskPlatform.sln above the test output.");
        }
    }

    [Fact]
    public async Task A_demo_user_signs_in_and_gets_a_token_the_platform_validates()
    {
        var token = await TokenAsync(new() { ["grant_type"] = "password", ["client_id"] = "model-risk-gateway", ["username"] = "olivia.owner", ["password"] = "dev-only-olivia-pw" });

        var claims = await ValidateAsync(token);
        Assert.Equal("olivia.owner", claims["preferred_username"]);
        Assert.Equal(["model-owner"], Roles(claims));
        Assert.Equal(["acme-lending"], Strings(claims["org"]));
    }

    [Fact]
    public async Task The_ci_service_account_gets_the_integration_role_and_its_org()
    {
        var token = await TokenAsync(new() { ["grant_type"] = "client_credentials", ["client_id"] = "model-risk-ci", ["client_secret"] = "dev-only-ci-secret-not-for-production" });

        var claims = await ValidateAsync(token);
        Assert.Equal("model-risk-ci", claims["azp"]);
        Assert.Equal(["integration"], Roles(claims));
        Assert.Equal(["acme-lending"], Strings(claims["org"]));
    }

    [Theory]
    [InlineData("password", "olivia.owner", "wrong", null)]
    [InlineData("password", "nobody", "dev-only-olivia-pw", null)]
    [InlineData("client_credentials", null, null, "wrong-secret")]
    public async Task Wrong_credentials_are_refused(string grant, string? username, string? password, string? secret)
    {
        var form = new Dictionary<string, string> { ["grant_type"] = grant, ["client_id"] = grant == "password" ? "model-risk-gateway" : "model-risk-ci" };
        if (username is not null) form["username"] = username;
        if (password is not null) form["password"] = password;
        if (secret is not null) form["client_secret"] = secret;

        using var response = await _client.PostAsync(RealmPath + "/protocol/openid-connect/token", new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task An_unsupported_grant_is_400()
    {
        using var response = await _client.PostAsync(RealmPath + "/protocol/openid-connect/token",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "implicit" }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task The_dev_endpoint_issues_any_role_and_org_and_names_what_is_wrong()
    {
        using var ok = await _client.PostAsJsonAsync(RealmPath + "/dev/token", new { username = "me", roles = new[] { "auditor" }, orgs = new[] { "x", "y" } });
        var claims = await ValidateAsync((await ok.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!);
        Assert.Equal(["auditor"], Roles(claims));
        Assert.Equal(["x", "y"], Strings(claims["org"]));

        using var bad = await _client.PostAsJsonAsync(RealmPath + "/dev/token", new { username = "", roles = new[] { "superuser" }, lifetimeSeconds = 0 });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("username", out _));
        Assert.Contains("superuser", errors.GetProperty("roles")[0].GetString());
        Assert.True(errors.TryGetProperty("lifetimeSeconds", out _));
    }

    [Theory]
    [InlineData("/realms/master/.well-known/openid-configuration")]
    [InlineData("/realms/master/protocol/openid-connect/certs")]
    public async Task Only_the_configured_realm_exists(string path)
    {
        using var response = await _client.GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    /// <summary>Validates as the platform does: keys from the discovery document's JWKS, issuer, audience, lifetime.</summary>
    private async Task<IDictionary<string, object>> ValidateAsync(string token)
    {
        var discovery = await _client.GetFromJsonAsync<JsonElement>(RealmPath + "/.well-known/openid-configuration");
        var issuer = discovery.GetProperty("issuer").GetString()!;
        Assert.EndsWith(RealmPath, issuer, StringComparison.Ordinal);
        var jwks = new JsonWebKeySet(await _client.GetStringAsync(new Uri(discovery.GetProperty("jwks_uri").GetString()!).PathAndQuery));

        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = issuer,
            ValidAudience = "model-risk-api",
            IssuerSigningKeys = jwks.GetSigningKeys(),
            ClockSkew = TimeSpan.Zero,
        });
        Assert.True(result.IsValid, result.Exception?.Message);
        return result.Claims;
    }

    private async Task<string> TokenAsync(Dictionary<string, string> form)
    {
        using var response = await _client.PostAsync(RealmPath + "/protocol/openid-connect/token", new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
    }

    private static string[] Roles(IDictionary<string, object> claims) =>
        JsonDocument.Parse(claims["realm_access"].ToString()!).RootElement.GetProperty("roles").EnumerateArray().Select(r => r.GetString()!).ToArray();

    private static string[] Strings(object claim) => claim switch
    {
        string one => [one],
        IEnumerable<object> many => many.Select(o => o.ToString()!).ToArray(),
        _ => JsonDocument.Parse(claim.ToString()!).RootElement.EnumerateArray().Select(e => e.GetString()!).ToArray(),
    };
}
