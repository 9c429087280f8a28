using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using ModelRisk.Inventory.Features.Import;
using ModelRisk.Inventory.Features.Models;
using ModelRisk.Inventory.Models;
using ModelRisk.Inventory.Tests.Infrastructure;
using ModelRisk.ServiceDefaults;
using ModelRisk.ServiceDefaults.Identity;
using ModelRisk.TestSupport;

namespace ModelRisk.Inventory.Tests;

/// <summary>
/// Seeing is not changing: a role that reads every org (auditor, approver, risk analyst) widens no write beyond the
/// caller's own orgs, except the one write that role exists for (ADR 035).
/// </summary>
[Collection(InventoryCollection.Name)]
public sealed class WriteScopeTests(InventoryFactory factory)
{
    private readonly string _orgA = Api.NewOrg("ws-a");
    private readonly string _orgB = Api.NewOrg("ws-b");

    private async Task<ModelResponse> ModelInOrgAAsync(bool readyForApproval = false)
    {
        var owner = factory.ClientWithToken(TestIdentity.ModelOwner(_orgA));
        var model = await owner.RegisterModelAsync(_orgA);
        if (readyForApproval)
        {
            (await owner.TransitionAsync(model.Id, "InDevelopment", "*")).EnsureStatus(HttpStatusCode.OK);
            (await owner.AddVersionAsync(model.Id, "1.0.0")).EnsureStatus(HttpStatusCode.Created);
            (await owner.TransitionAsync(model.Id, "InValidation", "*")).EnsureStatus(HttpStatusCode.OK);
            await factory.TierAsync(model.Id, _orgA, "High");
        }
        return model;
    }

    private Task<ModelRecord> StoredAsync(string id) =>
        factory.QueryAsync(db => db.Models.AsNoTracking().Include(m => m.Versions).SingleAsync(m => m.Id == id));

    private HttpClient IntegrationWith(string role) =>
        factory.ClientWithToken(TestIdentity.Token("ci-" + role, [PlatformRoles.Integration, role], [_orgB], clientId: "model-risk-ci"));

    [Theory]
    [InlineData(PlatformRoles.Auditor)]
    [InlineData(PlatformRoles.Approver)]
    [InlineData(PlatformRoles.RiskAnalyst)]
    public async Task An_integration_with_a_cross_org_role_reads_another_org_but_cannot_write_in_it(string role)
    {
        var model = await ModelInOrgAAsync();
        var before = await StoredAsync(model.Id);
        var caller = IntegrationWith(role);

        (await caller.GetAsync($"{Api.Models}/{model.Id}")).EnsureStatus(HttpStatusCode.OK);

        // Naming the foreign org in the body is 403; naming a foreign model by id is 404, as for a model one cannot see.
        await (await caller.RegisterAsync(Api.RegistrationBody(_orgA, Api.NewKey()))).ProblemAsync(HttpStatusCode.Forbidden, ApiProblems.ForbiddenType);
        await (await caller.PatchAsync(model.Id, new { name = "Hijacked" }, "*")).ProblemAsync(HttpStatusCode.NotFound, ApiProblems.NotFoundType);
        await (await caller.AddVersionAsync(model.Id, "6.6.6")).ProblemAsync(HttpStatusCode.NotFound, ApiProblems.NotFoundType);
        // An approver works across orgs, but moving a model into development is no approver's move.
        var transition = await caller.TransitionAsync(model.Id, "InDevelopment", "*");
        await transition.ProblemAsync(role == PlatformRoles.Approver ? HttpStatusCode.Forbidden : HttpStatusCode.NotFound);

        var import = $$"""
            {"org":"{{_orgA}}","key":"{{model.Key}}","name":"Renamed by import","owner":"mallory","modelType":"Regression"}
            {"org":"{{_orgA}}","key":"{{Api.NewKey()}}","name":"Planted by import","owner":"mallory","modelType":"Regression"}
            """;
        var report = await (await caller.PostAsync($"{Api.Models}/import", new StringContent(import, Encoding.UTF8, "application/x-ndjson")))
            .ReadAsync<ImportReport>();
        Assert.Equal(2, report.Rejected);
        Assert.All(report.Results, r => Assert.True(r.Errors!.ContainsKey("org")));

        var after = await StoredAsync(model.Id);
        Assert.Equal((before.Revision, before.Name, before.LifecycleStatus, 0), (after.Revision, after.Name, after.LifecycleStatus, after.Versions.Count));
        Assert.Equal(1, await factory.ModelCountAsync(_orgA));
    }

    [Fact]
    public async Task The_same_integration_still_writes_in_its_own_org()
    {
        var caller = IntegrationWith(PlatformRoles.Auditor);
        var own = await caller.RegisterModelAsync(_orgB);
        (await caller.PatchAsync(own.Id, new { name = "Renamed" }, "*")).EnsureStatus(HttpStatusCode.OK);
        (await caller.AddVersionAsync(own.Id, "1.0.0")).EnsureStatus(HttpStatusCode.Created);
        (await caller.TransitionAsync(own.Id, "InDevelopment", "*")).EnsureStatus(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_risk_analyst_edits_no_field_of_another_org()
    {
        var model = await ModelInOrgAAsync();
        var analyst = factory.ClientWithToken(TestIdentity.Token("riley", [PlatformRoles.RiskAnalyst], [_orgB]));

        await (await analyst.PatchAsync(model.Id, new { name = "Analyst rename" }, "*")).ProblemAsync(HttpStatusCode.NotFound);
        await (await analyst.TransitionAsync(model.Id, "InDevelopment", "*")).ProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(model.Revision, (await StoredAsync(model.Id)).Revision);
    }

    [Fact]
    public async Task An_approver_holds_in_any_org_but_makes_only_an_approvers_moves_there()
    {
        var model = await ModelInOrgAAsync(readyForApproval: true);
        // An integration of org B that is also an approver: in org A only the approver role counts.
        var caller = IntegrationWith(PlatformRoles.Approver);

        var retire = await (await caller.TransitionAsync(model.Id, "Retired", "*")).ProblemAsync(HttpStatusCode.Forbidden, ApiProblems.ForbiddenType);
        Assert.Contains("Retired", retire.GetProperty("detail").GetString());
        Assert.Equal(LifecycleStatus.InValidation, (await StoredAsync(model.Id)).LifecycleStatus);

        var suspended = await (await caller.TransitionAsync(model.Id, "Suspended", "*")).ReadAsync<ModelResponse>();
        Assert.Equal(LifecycleStatus.Suspended, suspended.LifecycleStatus);
        await (await caller.PatchAsync(model.Id, new { name = "Approver rename" }, "*")).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_platform_admin_keeps_the_records_of_every_org()
    {
        var model = await ModelInOrgAAsync();
        var admin = factory.ClientWithToken(TestIdentity.Token("pat.admin", [PlatformRoles.PlatformAdmin]));

        var created = await admin.RegisterModelAsync(_orgA);
        Assert.Equal(_orgA, created.Org);
        (await admin.PatchAsync(model.Id, new { description = "Fixed by the admin" }, "*")).EnsureStatus(HttpStatusCode.OK);
        // The risk tier route stays a risk analyst's (and answers them with a pointer to Assessment), whoever else works across orgs.
        await (await admin.SetRiskTierAsync(model.Id, "Low", "*")).ProblemAsync(HttpStatusCode.Forbidden);
    }
}
