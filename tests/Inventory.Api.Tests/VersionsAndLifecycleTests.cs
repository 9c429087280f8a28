using System.Net;
using ModelRisk.Contracts.Inventory.V1;
using ModelRisk.Inventory.Features.Models;
using ModelRisk.Inventory.Models;
using ModelRisk.Inventory.Tests.Infrastructure;
using ModelRisk.TestSupport;
using ModelRisk.ServiceDefaults;

namespace ModelRisk.Inventory.Tests;

[Collection(InventoryCollection.Name)]
public sealed class VersionsAndLifecycleTests(InventoryFactory factory)
{
    private readonly string _org = Api.NewOrg("life");

    private HttpClient Owner => factory.ClientWithToken(TestIdentity.ModelOwner(_org));

    private async Task<string> ETagOfAsync(string id) => (await Owner.GetAsync($"{Api.Models}/{id}")).EnsureStatus(HttpStatusCode.OK).ETag();

    [Fact]
    public async Task Versions_are_added_and_listed_newest_first()
    {
        var model = await Owner.RegisterModelAsync(_org);

        var first = await Owner.AddVersionAsync(model.Id, "1.0.0", "s3://models/pd/1.0.0");
        var v1 = await first.ReadAsync<VersionResponse>(HttpStatusCode.Created);
        Assert.Equal($"{Api.Models}/{model.Id}/versions/{v1.Id}", first.Headers.Location?.ToString());
        Assert.Equal("\"2\"", first.ETag());
        Assert.Equal("s3://models/pd/1.0.0", v1.ArtifactUri);
        var v2 = await (await Owner.AddVersionAsync(model.Id, "1.1.0")).ReadAsync<VersionResponse>(HttpStatusCode.Created);
        var v3 = await (await Owner.AddVersionAsync(model.Id, "2.0.0")).ReadAsync<VersionResponse>(HttpStatusCode.Created);

        var listed = await (await Owner.GetAsync($"{Api.Models}/{model.Id}/versions")).ReadAsync<List<VersionResponse>>();
        Assert.Equal([v3.Id, v2.Id, v1.Id], listed.Select(v => v.Id));
        Assert.Equal(["2.0.0", "1.1.0", "1.0.0"], listed.Select(v => v.Version));

        // The Location answers with the version; another org's owner cannot read it.
        var located = await (await Owner.GetAsync(first.Headers.Location)).ReadAsync<VersionResponse>();
        Assert.Equal(v1, located);
        var stranger = factory.ClientWithToken(TestIdentity.ModelOwner(Api.NewOrg("life-other")));
        await (await stranger.GetAsync(first.Headers.Location)).ProblemAsync(HttpStatusCode.NotFound);
        await (await Owner.GetAsync($"{Api.Models}/{model.Id}/versions/no-such-version")).ProblemAsync(HttpStatusCode.NotFound);

        var added = Assert.Single(await factory.OutboxRowsAsync<ModelVersionAdded>(v1.Id)).Event<ModelVersionAdded>();
        Assert.Equal(model.Id, added.ModelId);
        Assert.Equal("1.0.0", added.Version);
    }

    [Fact]
    public async Task A_duplicate_version_is_409_and_adds_nothing()
    {
        var model = await Owner.RegisterModelAsync(_org);
        (await Owner.AddVersionAsync(model.Id, "1.0.0")).EnsureStatus(HttpStatusCode.Created);

        var response = await Owner.AddVersionAsync(model.Id, "1.0.0", "s3://models/other");
        var problem = await response.ProblemAsync(HttpStatusCode.Conflict, ApiProblems.ConflictType);
        Assert.Contains("1.0.0", problem.GetProperty("detail").GetString());
        Assert.Single(await (await Owner.GetAsync($"{Api.Models}/{model.Id}/versions")).ReadAsync<List<VersionResponse>>());
    }

    [Fact]
    public async Task A_version_add_that_loses_a_race_is_409_and_saves_nothing()
    {
        var model = await Owner.RegisterModelAsync(_org);
        factory.ConcurrentWriter.ChangeNextSave(model.Id);

        var response = await Owner.AddVersionAsync(model.Id, "1.0.0");

        // The request sent no If-Match, so it is told to retry (409), not that its precondition failed (412).
        await response.ProblemAsync(HttpStatusCode.Conflict, ApiProblems.ConflictType);
        Assert.Empty(await (await Owner.GetAsync($"{Api.Models}/{model.Id}/versions")).ReadAsync<List<VersionResponse>>());
        Assert.Empty(await factory.OutboxRowsAsync<ModelVersionAdded>(model.Id));
        (await Owner.AddVersionAsync(model.Id, "1.0.0")).EnsureStatus(HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_version_with_a_relative_artifact_is_400()
    {
        var model = await Owner.RegisterModelAsync(_org);
        await (await Owner.AddVersionAsync(model.Id, "1.0.0", "artifacts/model.bin")).ValidationProblemAsync("artifactUri");
    }

    [Fact]
    public async Task A_legal_move_is_200_and_records_the_event()
    {
        var model = await Owner.RegisterModelAsync(_org);
        var response = await Owner.TransitionAsync(model.Id, "InDevelopment", "\"1\"", reason: "Build started");
        var moved = await response.ReadAsync<ModelResponse>();

        Assert.Equal(LifecycleStatus.InDevelopment, moved.LifecycleStatus);
        Assert.Equal([LifecycleStatus.InValidation, LifecycleStatus.Suspended, LifecycleStatus.Retired], moved.AllowedTransitions);
        Assert.Equal("\"2\"", response.ETag());

        var evt = Assert.Single(await factory.OutboxRowsAsync<ModelLifecycleChanged>(model.Id)).Event<ModelLifecycleChanged>();
        Assert.Equal(("Proposed", "InDevelopment", "Build started"), (evt.From, evt.To, evt.Reason));
    }

    [Fact]
    public async Task An_illegal_move_is_409_with_the_reason_and_changes_nothing()
    {
        var model = await Owner.RegisterModelAsync(_org);
        var response = await Owner.TransitionAsync(model.Id, "InProduction", "\"1\"");
        var problem = await response.ProblemAsync(HttpStatusCode.Conflict, ApiProblems.IllegalTransitionType);
        var detail = problem.GetProperty("detail").GetString();
        Assert.Contains("InDevelopment", detail);
        Assert.Contains("Retired", detail);

        Assert.Equal("\"1\"", await ETagOfAsync(model.Id));
        Assert.Empty(await factory.OutboxRowsAsync<ModelLifecycleChanged>(model.Id));
    }

    [Fact]
    public async Task Validation_needs_a_version_and_approval_needs_a_risk_tier()
    {
        var model = await Owner.RegisterModelAsync(_org);
        (await Owner.TransitionAsync(model.Id, "InDevelopment", "*")).EnsureStatus(HttpStatusCode.OK);

        var noVersion = await (await Owner.TransitionAsync(model.Id, "InValidation", "*")).ProblemAsync(HttpStatusCode.Conflict, ApiProblems.IllegalTransitionType);
        Assert.Contains("version", noVersion.GetProperty("detail").GetString());

        (await Owner.AddVersionAsync(model.Id, "1.0.0")).EnsureStatus(HttpStatusCode.Created);
        (await Owner.TransitionAsync(model.Id, "InValidation", "*")).EnsureStatus(HttpStatusCode.OK);

        var approver = factory.ClientWithToken(TestIdentity.Token("avery.approver", ["approver"]));
        var noTier = await (await approver.TransitionAsync(model.Id, "Approved", "*")).ProblemAsync(HttpStatusCode.Conflict, ApiProblems.IllegalTransitionType);
        Assert.Contains("risk tier", noTier.GetProperty("detail").GetString());

        var analyst = factory.ClientWithToken(TestIdentity.RiskAnalyst());
        (await analyst.SetRiskTierAsync(model.Id, "Medium", "*")).EnsureStatus(HttpStatusCode.OK);
        (await approver.TransitionAsync(model.Id, "Approved", "*")).EnsureStatus(HttpStatusCode.OK);
        var live = await (await Owner.TransitionAsync(model.Id, "InProduction", "*")).ReadAsync<ModelResponse>();
        Assert.Equal(LifecycleStatus.InProduction, live.LifecycleStatus);

        // A live model cannot be left without a tier through the back door.
        var unassign = await analyst.SetRiskTierAsync(model.Id, "Unassigned", "*");
        await unassign.ProblemAsync(HttpStatusCode.Conflict, ApiProblems.IllegalTransitionType);
        var after = await (await Owner.GetAsync($"{Api.Models}/{model.Id}")).ReadAsync<ModelResponse>();
        Assert.Equal(RiskTier.Medium, after.RiskTier.Tier);
        Assert.Equal(live.Revision, after.Revision);
    }

    [Fact]
    public async Task An_unknown_target_state_is_400_naming_to()
    {
        var model = await Owner.RegisterModelAsync(_org);
        await (await Owner.TransitionAsync(model.Id, "Deployed", "*")).ValidationProblemAsync("to");
    }

    [Fact]
    public async Task A_risk_analyst_sets_the_tier_with_a_rationale()
    {
        var model = await Owner.RegisterModelAsync(_org);
        var analyst = factory.ClientWithToken(TestIdentity.RiskAnalyst());

        var response = await analyst.SetRiskTierAsync(model.Id, "Critical", "\"1\"", rationale: "Systemic exposure");
        var tiered = await response.ReadAsync<ModelResponse>();

        Assert.Equal(RiskTier.Critical, tiered.RiskTier.Tier);
        Assert.Equal("Systemic exposure", tiered.RiskTier.Rationale);
        Assert.Equal("analyst", tiered.RiskTier.SetBy);
        Assert.NotNull(tiered.RiskTier.SetAt);
        Assert.Equal("\"2\"", response.ETag());

        var evt = Assert.Single(await factory.OutboxRowsAsync<RiskTierChanged>(model.Id)).Event<RiskTierChanged>();
        Assert.Equal(("Unassigned", "Critical", "Systemic exposure", "analyst"), (evt.From, evt.To, evt.Rationale, evt.Actor));
    }

    [Fact]
    public async Task A_risk_tier_without_rationale_or_with_an_unknown_tier_is_400()
    {
        var model = await Owner.RegisterModelAsync(_org);
        var analyst = factory.ClientWithToken(TestIdentity.RiskAnalyst());
        await (await analyst.SetRiskTierAsync(model.Id, "High", "*", rationale: "")).ValidationProblemAsync("rationale");
        await (await analyst.SendAsync(HttpMethod.Put, $"{Api.Models}/{model.Id}/risk-tier", new { tier = 17, rationale = "x" }, "*")).ValidationProblemAsync("tier");
        Assert.Equal("\"1\"", await ETagOfAsync(model.Id));
    }

    [Fact]
    public async Task A_retired_model_takes_no_new_version()
    {
        var model = await Owner.RegisterModelAsync(_org);
        (await Owner.TransitionAsync(model.Id, "Retired", "*")).EnsureStatus(HttpStatusCode.OK);
        await (await Owner.AddVersionAsync(model.Id, "1.0.0")).ProblemAsync(HttpStatusCode.Conflict);
        var refusal = await (await Owner.TransitionAsync(model.Id, "InDevelopment", "*")).ProblemAsync(HttpStatusCode.Conflict, ApiProblems.IllegalTransitionType);
        Assert.Contains("Retired", refusal.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Only_an_approver_who_neither_owns_nor_registered_the_model_approves_it()
    {
        var model = await Owner.RegisterModelAsync(_org);
        (await Owner.TransitionAsync(model.Id, "InDevelopment", "*")).EnsureStatus(HttpStatusCode.OK);
        (await Owner.AddVersionAsync(model.Id, "1.0.0")).EnsureStatus(HttpStatusCode.Created);
        (await Owner.TransitionAsync(model.Id, "InValidation", "*")).EnsureStatus(HttpStatusCode.OK);
        (await factory.ClientWithToken(TestIdentity.RiskAnalyst()).SetRiskTierAsync(model.Id, "High", "*")).EnsureStatus(HttpStatusCode.OK);
        var revision = await ETagOfAsync(model.Id);

        var byOwner = await (await Owner.TransitionAsync(model.Id, "Approved", "*")).ProblemAsync(HttpStatusCode.Forbidden, ApiProblems.ForbiddenType);
        Assert.Contains("Only an approver", byOwner.GetProperty("detail").GetString());

        // The same person holding the approver role as well: still not for their own model.
        var owner = await (await Owner.GetAsync($"{Api.Models}/{model.Id}")).ReadAsync<ModelResponse>();
        var selfApprover = factory.ClientWithToken(TestIdentity.Token(owner.CreatedBy, ["model-owner", "approver"], [_org]));
        var self = await (await selfApprover.TransitionAsync(model.Id, "Approved", "*")).ProblemAsync(HttpStatusCode.Forbidden, ApiProblems.ForbiddenType);
        Assert.Contains("own or registered", self.GetProperty("detail").GetString());
        Assert.Equal(revision, await ETagOfAsync(model.Id));
        Assert.DoesNotContain(await factory.OutboxRowsAsync<ModelLifecycleChanged>(model.Id), row => row.Event<ModelLifecycleChanged>().To == "Approved");

        var approver = factory.ClientWithToken(TestIdentity.Token("avery.approver", ["approver"]));
        var deploy = await (await approver.TransitionAsync(model.Id, "Retired", "*")).ProblemAsync(HttpStatusCode.Forbidden, ApiProblems.ForbiddenType);
        Assert.Contains("Retired", deploy.GetProperty("detail").GetString());
        var approved = await (await approver.TransitionAsync(model.Id, "Approved", "*")).ReadAsync<ModelResponse>();
        Assert.Equal(LifecycleStatus.Approved, approved.LifecycleStatus);
        Assert.Equal("avery.approver", approved.UpdatedBy);
    }
}
