using System.Net;
using ModelRisk.Inventory.Tests.Infrastructure;
using ModelRisk.TestSupport;

namespace ModelRisk.Inventory.Tests;

/// <summary>
/// The service validates every token itself (no service trusts the network): each token of the shared invalid list
/// is 401, and a role given only to the API client never passes for the realm role of the same name.
/// </summary>
[Collection(InventoryCollection.Name)]
public sealed class TokenValidationTests(InventoryFactory factory)
{
    [Theory]
    [MemberData(nameof(TestIdentity.InvalidTokenData), MemberType = typeof(TestIdentity))]
    public async Task An_invalid_token_is_401_and_registers_nothing(string why, string token)
    {
        var org = Api.NewOrg("tokens");
        var client = factory.ClientWithToken(token);

        var read = await client.GetAsync(Api.Models);
        var write = await client.RegisterAsync(Api.RegistrationBody(org, Api.NewKey()));

        Assert.True(read.StatusCode == HttpStatusCode.Unauthorized, $"{why}: GET gave {(int)read.StatusCode}");
        Assert.True(write.StatusCode == HttpStatusCode.Unauthorized, $"{why}: POST gave {(int)write.StatusCode}");
        Assert.Equal(0, await factory.ModelCountAsync(org));
    }

    [Fact]
    public async Task A_client_role_named_like_a_realm_role_grants_nothing()
    {
        var org = Api.NewOrg("client-roles");
        var token = TestIdentity.Token("client-role-only", [], [org],
            clientRoles: new Dictionary<string, IEnumerable<string>> { [TestIdentity.Audience] = ["model-owner", "risk-analyst", "approver"] });
        var client = factory.ClientWithToken(token);

        var read = await client.GetAsync(Api.Models);
        var write = await client.RegisterAsync(Api.RegistrationBody(org, Api.NewKey()));

        Assert.Equal(HttpStatusCode.Forbidden, read.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
        Assert.Equal(0, await factory.ModelCountAsync(org));
    }
}
