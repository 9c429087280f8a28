using System.Text.Json;
using System.Text.Json.Nodes;

namespace ModelRisk.Deployment.Tests;

/// <summary>
/// The model-risk realm that Keycloak imports (and the Aspire AppHost and the dev identity service read):
/// the roles, clients and claims the services' token validation relies on.
/// </summary>
public class KeycloakRealmTests
{
    private const string RealmPath = "k8s/components/keycloak/model-risk-realm.json";

    private static readonly string[] Roles = ["model-owner", "risk-analyst", "approver", "auditor", "operator", "platform-admin", "integration"];
    private static readonly string[] Clients = ["model-risk-gateway", "model-risk-api", "model-risk-console", "model-risk-ci"];
    private static readonly string[] Orgs = ["acme-lending", "northwind-health"];

    private static readonly Lazy<JsonObject> LazyRealm = new(() =>
        JsonNode.Parse(File.ReadAllText(Repository.Full(RealmPath)), documentOptions: new JsonDocumentOptions { AllowTrailingCommas = false })!.AsObject());

    private static JsonObject Realm => LazyRealm.Value;

    private static readonly string[] TokenClientIds = ["model-risk-gateway", "model-risk-console", "model-risk-ci"];

    public static TheoryData<string> TokenClients() => [.. TokenClientIds];

    public static TheoryData<string> UserClients() => ["model-risk-gateway", "model-risk-console"];

    [Fact]
    public void Realm_is_model_risk_with_short_tokens_and_brute_force_protection()
    {
        Assert.Equal("model-risk", Realm.Str("realm"));
        Assert.Equal("true", Realm.Str("enabled"));
        Assert.Equal("300", Realm.Str("accessTokenLifespan"));
        Assert.Equal("true", Realm.Str("bruteForceProtected"));
        Assert.Equal("external", Realm.Str("sslRequired"));
    }

    [Fact]
    public void Realm_defines_exactly_the_platform_roles()
    {
        var roles = Realm.Items("roles", "realm").Select(r => r.Str("name")).Order().ToArray();

        Assert.Equal(Roles.Order().ToArray(), roles);
    }

    [Fact]
    public void Realm_defines_exactly_the_four_clients()
    {
        Assert.Equal(Clients.Order().ToArray(), Realm.Items("clients").Select(c => c.Str("clientId")).Order().ToArray());
    }

    [Fact]
    public void Realm_keeps_keycloaks_built_in_client_scopes()
    {
        // A realm file with a clientScopes array gets none of Keycloak's built-in scopes, and with them goes
        // the "roles" scope that writes realm_access.roles and the "basic" scope that writes sub.
        Assert.Null(Realm["clientScopes"]);
        Assert.All(TokenClientIds, clientId =>
        {
            var scopes = Client(clientId).Strings("defaultClientScopes").ToList();
            Assert.Contains("roles", scopes);
            Assert.Contains("basic", scopes);
        });
    }

    [Fact]
    public void Gateway_client_is_confidential_with_the_standard_flow()
    {
        var gateway = Client("model-risk-gateway");

        Assert.Equal("false", gateway.Str("publicClient"));
        Assert.Equal("false", gateway.Str("bearerOnly"));
        Assert.Equal("true", gateway.Str("standardFlowEnabled"));
        Assert.Equal("false", gateway.Str("implicitFlowEnabled"));
        Assert.False(string.IsNullOrEmpty(gateway.Str("secret")));
    }

    [Fact]
    public void Api_client_is_a_bearer_only_audience()
    {
        var api = Client("model-risk-api");

        Assert.Equal("true", api.Str("bearerOnly"));
        Assert.Equal("false", api.Str("standardFlowEnabled"));
        Assert.Equal("false", api.Str("directAccessGrantsEnabled"));
        Assert.Equal("false", api.Str("serviceAccountsEnabled"));
    }

    [Fact]
    public void Console_client_is_public_with_pkce_s256()
    {
        var console = Client("model-risk-console");

        Assert.Equal("true", console.Str("publicClient"));
        Assert.Equal("true", console.Str("standardFlowEnabled"));
        Assert.Equal("false", console.Str("implicitFlowEnabled"));
        Assert.Equal("false", console.Str("directAccessGrantsEnabled"));
        Assert.Equal("S256", console.Str("attributes", "pkce.code.challenge.method"));
    }

    [Fact]
    public void Ci_client_uses_client_credentials_with_the_integration_role_and_a_fixed_org()
    {
        var ci = Client("model-risk-ci");
        var serviceAccount = Realm.Items("users").Single(u => u.Str("serviceAccountClientId") == "model-risk-ci");
        var org = Mappers(ci).Single(m => m.Str("config", "claim.name") == "org");

        Assert.Equal("true", ci.Str("serviceAccountsEnabled"));
        Assert.Equal("false", ci.Str("publicClient"));
        Assert.Equal("false", ci.Str("standardFlowEnabled"));
        Assert.Equal("false", ci.Str("directAccessGrantsEnabled"));
        Assert.Equal(["integration"], serviceAccount.Strings("realmRoles").ToArray());
        Assert.Equal("oidc-hardcoded-claim-mapper", org.Str("protocolMapper"));
        Assert.Contains(org.Str("config", "claim.value"), Orgs);
        Assert.Equal("true", org.Str("config", "access.token.claim"));
    }

    [Theory]
    [MemberData(nameof(TokenClients))]
    public void Access_tokens_carry_the_api_audience(string clientId)
    {
        Assert.Contains(Mappers(Client(clientId)), m =>
            m.Str("protocolMapper") == "oidc-audience-mapper"
            && m.Str("config", "included.client.audience") == "model-risk-api"
            && m.Str("config", "access.token.claim") == "true");
    }

    [Theory]
    [MemberData(nameof(UserClients))]
    public void Access_tokens_carry_the_org_claim_aggregated_from_groups(string clientId)
    {
        Assert.Contains(Mappers(Client(clientId)), m =>
            m.Str("protocolMapper") == "oidc-usermodel-attribute-mapper"
            && m.Str("config", "user.attribute") == "org"
            && m.Str("config", "claim.name") == "org"
            && m.Str("config", "multivalued") == "true"
            && m.Str("config", "aggregate.attrs") == "true"
            && m.Str("config", "access.token.claim") == "true");
    }

    [Fact]
    public void Each_org_is_a_group_under_orgs_carrying_its_name()
    {
        var orgs = Realm.Items("groups").Single(g => g.Str("name") == "orgs");

        Assert.Equal(
            Orgs.Select(o => (Path: $"/orgs/{o}", Org: o)).ToArray(),
            orgs.Items("subGroups").Select(g => (Path: g.Str("path")!, Org: g.Strings("attributes", "org").Single())).OrderBy(g => g.Path, StringComparer.Ordinal).ToArray());
    }

    [Theory]
    [InlineData("olivia.owner", "model-owner", "/orgs/acme-lending")]
    [InlineData("nate.owner", "model-owner", "/orgs/northwind-health")]
    [InlineData("riley.analyst", "risk-analyst", null)]
    [InlineData("avery.approver", "approver", null)]
    [InlineData("audrey.auditor", "auditor", null)]
    [InlineData("pat.admin", "platform-admin", null)]
    public void Demo_user_has_their_role_org_and_a_temporary_dev_password(string username, string role, string? group)
    {
        var user = Realm.Items("users").Single(u => u.Str("username") == username);
        var password = user.Items("credentials").Single(c => c.Str("type") == "password");

        Assert.Equal([role], user.Strings("realmRoles").ToArray());
        Assert.Equal(group is null ? [] : [group], user.Strings("groups").ToArray());
        Assert.Equal("true", password.Str("temporary"));
        Assert.StartsWith("dev-only-", password.Str("value"), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_user_role_and_group_is_defined_in_the_realm()
    {
        var groups = Realm.Items("groups").SelectMany(g => g.Items("subGroups").Prepend(g)).Select(g => g.Str("path")).ToHashSet();

        Assert.All(Realm.Items("users"), u =>
        {
            Assert.All(u.Strings("realmRoles"), r => Assert.Contains(r, Roles));
            Assert.All(u.Strings("groups"), g => Assert.Contains(g, groups));
        });
    }

    private static JsonNode Client(string clientId) => Realm.Items("clients").Single(c => c.Str("clientId") == clientId);

    private static IEnumerable<JsonNode> Mappers(JsonNode client) => client.Items("protocolMappers");
}
