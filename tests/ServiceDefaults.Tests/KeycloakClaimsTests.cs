using System.Security.Claims;
using ModelRisk.ServiceDefaults.Identity;

namespace ModelRisk.ServiceDefaults.Tests;

public sealed class KeycloakClaimsTests
{
    private const string Client = "model-risk-api";

    /// <summary>An identity shaped as JwtBearer builds it from a Keycloak token (inbound claims not mapped).</summary>
    private static ClaimsIdentity Identity(string? realmAccess = null, string? resourceAccess = null, params string[] existingRoles)
    {
        var claims = new List<Claim> { new(KeycloakClaims.PreferredUsername, "alice") };
        if (realmAccess is not null)
        {
            claims.Add(new Claim(KeycloakClaims.RealmAccess, realmAccess, "JSON"));
        }
        if (resourceAccess is not null)
        {
            claims.Add(new Claim(KeycloakClaims.ResourceAccess, resourceAccess, "JSON"));
        }
        claims.AddRange(existingRoles.Select(r => new Claim(KeycloakClaims.Role, r)));
        return new ClaimsIdentity(claims, "Bearer", KeycloakClaims.PreferredUsername, KeycloakClaims.Role);
    }

    private static string[] Roles(ClaimsIdentity identity) => identity.FindAll(KeycloakClaims.Role).Select(c => c.Value).Order().ToArray();

    private static string[] ClientRoles(ClaimsIdentity identity) => identity.FindAll(KeycloakClaims.ClientRole).Select(c => c.Value).Order().ToArray();

    [Fact]
    public void Realm_roles_become_role_claims()
    {
        var identity = Identity(realmAccess: """{"roles":["model-owner","auditor"]}""");
        KeycloakClaims.MapRoles(identity, Client);

        Assert.Equal(["auditor", "model-owner"], Roles(identity));
        var principal = new ClaimsPrincipal(identity);
        Assert.True(principal.IsInRole("model-owner"));
        Assert.False(principal.IsInRole("risk-analyst"));
    }

    [Fact]
    public void Client_roles_count_only_for_the_configured_client()
    {
        var identity = Identity(resourceAccess: """
            {
              "model-risk-api": { "roles": ["risk-analyst"] },
              "account": { "roles": ["manage-account", "platform-admin"] }
            }
            """);
        KeycloakClaims.MapRoles(identity, Client);

        Assert.Equal(["risk-analyst"], ClientRoles(identity));
    }

    [Fact]
    public void A_client_role_named_like_a_realm_role_is_not_a_realm_role()
    {
        var identity = Identity(
            realmAccess: """{"roles":["model-owner"]}""",
            resourceAccess: """{"model-risk-api":{"roles":["approver","risk-analyst"]}}""");
        KeycloakClaims.MapRoles(identity, Client);

        var principal = new ClaimsPrincipal(identity);
        Assert.Equal(["model-owner"], Roles(identity));
        Assert.Equal(["approver", "risk-analyst"], ClientRoles(identity));
        Assert.False(principal.IsInRole("approver"));
        Assert.False(principal.IsInRole("risk-analyst"));
    }

    [Fact]
    public void Without_a_client_only_realm_roles_count()
    {
        var identity = Identity("""{"roles":["auditor"]}""", """{"model-risk-api":{"roles":["risk-analyst"]}}""");
        KeycloakClaims.MapRoles(identity, client: null);
        Assert.Equal(["auditor"], Roles(identity));
        Assert.Empty(ClientRoles(identity));
    }

    [Fact]
    public void Mapping_twice_adds_no_duplicates()
    {
        var identity = Identity(
            realmAccess: """{"roles":["model-owner","auditor","model-owner"]}""",
            resourceAccess: """{"model-risk-api":{"roles":["model-owner","integration"]}}""",
            existingRoles: "auditor");
        KeycloakClaims.MapRoles(identity, Client);
        KeycloakClaims.MapRoles(identity, Client);

        Assert.Equal(["auditor", "model-owner"], Roles(identity));
        Assert.Equal(["integration", "model-owner"], ClientRoles(identity));
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("""["model-owner"]""")]
    [InlineData("""{"roles":"model-owner"}""")]
    [InlineData("""{"roles":{"0":"model-owner"}}""")]
    [InlineData("""{"roles":[1, null, true, "", {"name":"model-owner"}]}""")]
    [InlineData("""{"role":["model-owner"]}""")]
    [InlineData("")]
    public void A_malformed_realm_access_adds_nothing(string realmAccess)
    {
        var identity = Identity(realmAccess: realmAccess);
        KeycloakClaims.MapRoles(identity, Client);
        Assert.Empty(Roles(identity));
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("""["model-risk-api"]""")]
    [InlineData("""{"model-risk-api":["risk-analyst"]}""")]
    [InlineData("""{"model-risk-api":{"roles":"risk-analyst"}}""")]
    [InlineData("""{"model-risk-api":null}""")]
    public void A_malformed_resource_access_adds_nothing(string resourceAccess)
    {
        var identity = Identity(realmAccess: """{"roles":["auditor"]}""", resourceAccess: resourceAccess);
        KeycloakClaims.MapRoles(identity, Client);
        // The well-formed realm roles still count.
        Assert.Equal(["auditor"], Roles(identity));
        Assert.Empty(ClientRoles(identity));
    }

    [Fact]
    public void A_token_without_role_structures_gets_no_roles()
    {
        var identity = Identity();
        KeycloakClaims.MapRoles(identity, Client);
        Assert.Empty(Roles(identity));
    }
}
