using ModelRisk.ServiceDefaults.Identity;

namespace ModelRisk.ServiceDefaults.Tests;

public sealed class IdentityOptionsTests
{
    [Theory]
    [InlineData("https://id.bank.test/realms/model-risk", "https://id.bank.test/realms/model-risk")]
    [InlineData("https://id.bank.test/realms/model-risk/", "https://id.bank.test/realms/model-risk")]
    [InlineData("https://id.bank.test/realms/model-risk//", "https://id.bank.test/realms/model-risk")]
    public void The_authority_is_used_as_given_without_a_trailing_slash(string authority, string expected) =>
        Assert.Equal(expected, new IdentityOptions { Authority = authority }.ResolveAuthority());

    [Fact]
    public void The_authority_wins_over_server_url_and_realm() =>
        Assert.Equal("https://a.test/realms/one",
            new IdentityOptions { Authority = "https://a.test/realms/one", ServerUrl = "https://b.test", Realm = "two" }.ResolveAuthority());

    [Theory]
    [InlineData("https://id.bank.test", "https://id.bank.test/realms/model-risk")]
    [InlineData("https://id.bank.test/", "https://id.bank.test/realms/model-risk")]
    [InlineData("http://keycloak:8080/auth/", "http://keycloak:8080/auth/realms/model-risk")]
    public void Server_url_and_the_default_realm_make_the_authority(string serverUrl, string expected) =>
        Assert.Equal(expected, new IdentityOptions { ServerUrl = serverUrl }.ResolveAuthority());

    [Fact]
    public void A_configured_realm_is_used() =>
        Assert.Equal("https://id.test/realms/staging", new IdentityOptions { ServerUrl = "https://id.test", Realm = "staging" }.ResolveAuthority());

    [Fact]
    public void A_blank_authority_falls_back_to_server_url() =>
        Assert.Equal("https://id.test/realms/model-risk", new IdentityOptions { Authority = "  ", ServerUrl = "https://id.test" }.ResolveAuthority());

    [Theory]
    [InlineData(null, null)]
    [InlineData("", " ")]
    public void Neither_authority_nor_server_url_is_a_clear_error(string? authority, string? serverUrl)
    {
        var error = Assert.Throws<InvalidOperationException>(() => new IdentityOptions { Authority = authority, ServerUrl = serverUrl }.ResolveAuthority());
        Assert.Contains("Identity:Authority", error.Message);
        Assert.Contains("Identity:ServerUrl", error.Message);
    }

    [Fact]
    public void The_defaults_match_the_platform_realm_and_api()
    {
        var options = new IdentityOptions();
        Assert.Equal("model-risk", options.Realm);
        Assert.Equal("model-risk-api", options.Audience);
        Assert.True(options.RequireHttpsMetadata);
    }
}
