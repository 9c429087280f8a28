using System.Security.Claims;
using ModelRisk.ServiceDefaults.Identity;

namespace ModelRisk.ServiceDefaults.Tests;

public sealed class OrgScopeTests
{
    private static ClaimsPrincipal Caller(string[] roles, string[] orgs, params (string Type, string Value)[] extra)
    {
        var claims = roles.Select(r => new Claim(KeycloakClaims.Role, r))
            .Concat(orgs.Select(o => new Claim(KeycloakClaims.Org, o)))
            .Concat(extra.Select(e => new Claim(e.Type, e.Value)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, "Bearer", KeycloakClaims.PreferredUsername, KeycloakClaims.Role));
    }

    [Fact]
    public void A_model_owner_is_held_to_the_orgs_in_the_org_claim()
    {
        var owner = Caller([PlatformRoles.ModelOwner], ["retail", "cards"]);
        var scope = owner.ReadScope();

        Assert.False(scope.AllOrgs);
        Assert.Equal(["cards", "retail"], scope.Orgs.Order());
        Assert.True(scope.Includes("retail"));
        Assert.True(owner.WriteScope().Includes("cards"));
        Assert.False(owner.WriteScope().Includes("treasury"));
        Assert.False(owner.ReadScope().Includes("RETAIL"));
        Assert.Equal(["cards", "retail"], scope.Restriction!.Order());
    }

    [Theory]
    [InlineData(PlatformRoles.RiskAnalyst)]
    [InlineData(PlatformRoles.Approver)]
    [InlineData(PlatformRoles.Auditor)]
    [InlineData(PlatformRoles.PlatformAdmin)]
    public void Second_and_third_line_roles_see_every_org(string role)
    {
        var caller = Caller([role], []);
        var scope = caller.ReadScope();
        Assert.True(scope.AllOrgs);
        Assert.True(scope.Includes("any-org"));
        Assert.Null(scope.Restriction);
    }

    [Fact]
    public void An_integration_is_held_to_its_org()
    {
        var integration = Caller([PlatformRoles.Integration], ["retail"]);
        Assert.False(integration.ReadScope().AllOrgs);
        Assert.True(integration.WriteScope().Includes("retail"));
        Assert.False(integration.WriteScope().Includes("cards"));
    }

    [Theory]
    [InlineData(PlatformRoles.ModelOwner)]
    [InlineData(PlatformRoles.Integration)]
    [InlineData(PlatformRoles.Operator)]
    public void Without_an_org_claim_a_caller_held_to_orgs_sees_nothing(string role)
    {
        var scope = Caller([role], []).ReadScope();
        Assert.False(scope.AllOrgs);
        Assert.Empty(scope.Orgs);
        Assert.False(scope.Includes("retail"));
        Assert.False(scope.Includes(""));
        Assert.Empty(scope.Restriction!);
    }

    [Fact]
    public void Blank_org_values_are_ignored_and_values_trimmed()
    {
        var scope = Caller([PlatformRoles.ModelOwner], [" retail ", "", "   "]).ReadScope();
        Assert.Equal(["retail"], scope.Orgs);
        Assert.False(scope.Includes(""));
    }

    [Fact]
    public void A_model_owner_with_a_cross_org_role_too_sees_every_org()
    {
        Assert.True(Caller([PlatformRoles.ModelOwner, PlatformRoles.Auditor], ["retail"]).ReadScope().AllOrgs);
    }

    [Theory]
    [InlineData(PlatformRoles.Auditor)]
    [InlineData(PlatformRoles.Approver)]
    [InlineData(PlatformRoles.RiskAnalyst)]
    [InlineData(PlatformRoles.PlatformAdmin)]
    public void A_cross_org_role_widens_what_a_caller_sees_but_not_where_they_write(string role)
    {
        var caller = Caller([PlatformRoles.Integration, role], ["retail"]);

        Assert.True(caller.ReadScope().Includes("cards"));
        var write = caller.WriteScope();
        Assert.False(write.AllOrgs);
        Assert.True(write.Includes("retail"));
        Assert.False(write.Includes("cards"));
        Assert.Equal(["retail"], write.Restriction);
    }

    [Fact]
    public void A_write_crosses_orgs_only_for_the_roles_it_names()
    {
        var analyst = Caller([PlatformRoles.Integration, PlatformRoles.RiskAnalyst], ["retail"]);

        Assert.True(analyst.WriteScope(PlatformRoles.RiskAnalyst).Includes("cards"));
        Assert.True(analyst.WriteScope([PlatformRoles.Approver, PlatformRoles.RiskAnalyst]).AllOrgs);
        Assert.False(analyst.WriteScope(PlatformRoles.Approver).Includes("cards"));
        Assert.True(analyst.WriteScope(PlatformRoles.Approver).Includes("retail"));
    }

    [Fact]
    public void The_actor_is_the_username_then_the_client_then_the_subject()
    {
        Assert.Equal("alice", Caller([], [], ("preferred_username", "alice"), ("azp", "gateway"), ("sub", "s1")).Actor());
        Assert.Equal("ci", Caller([], [], ("client_id", "ci"), ("azp", "gateway"), ("sub", "s1")).Actor());
        Assert.Equal("gateway", Caller([], [], ("azp", "gateway"), ("sub", "s1")).Actor());
        Assert.Equal("s1", Caller([], [], ("sub", "s1")).Actor());
        Assert.Equal("unknown", Caller([], []).Actor());
    }

    [Fact]
    public void The_client_id_prefers_the_authorized_party()
    {
        Assert.Equal("gateway", Caller([], [], ("azp", "gateway"), ("client_id", "ci")).ClientId());
        Assert.Equal("ci", Caller([], [], ("client_id", "ci")).ClientId());
        Assert.Null(Caller([], []).ClientId());
        Assert.Equal("s1", Caller([], [], ("sub", "s1")).SubjectId());
    }
}
