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

        var version = await (await Owner.AddVersionAsync(model.Id, "1.0.0")).ReadAsync<VersionResponse>(HttpStatusCode.Created);
        (await Owner.TransitionAsync(model.Id, "InValidation", "*")).EnsureStatus(HttpStatusCode.OK);

        // A review's approval of an untiered model is acknowledged without effect.
        await factory.DeliverAsync(AssessmentEvents.Decided(model.Id, _org, version.Id));
        Assert.Equal(LifecycleStatus.InValidation, (await ReadAsync(model.Id)).LifecycleStatus);

        await factory.TierAsync(model.Id, _org, "Medium");
        await factory.DeliverAsync(AssessmentEvents.Decided(model.Id, _org, version.Id));
        var live = await (await Owner.TransitionAsync(model.Id, "InProduction", "*")).ReadAsync<ModelResponse>();
        Assert.Equal(LifecycleStatus.InProduction, live.LifecycleStatus);

        // A live model cannot be left without a tier through the back door: Unassigned is no tiering outcome.
        await factory.TierAsync(model.Id, _org, "Unassigned");
        var after = await ReadAsync(model.Id);
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
    public async Task The_risk_tier_route_answers_409_pointing_to_assessment_tierings_and_changes_nothing()
    {
        var model = await Owner.RegisterModelAsync(_org);
        var analyst = factory.ClientWithToken(TestIdentity.RiskAnalyst());

        var problem = await (await analyst.SetRiskTierAsync(model.Id, "Critical", "\"1\"")).ProblemAsync(HttpStatusCode.Conflict, ApiProblems.ConflictType);

        Assert.Equal(ModelEndpoints.TieringsPath, problem.GetProperty("tierings").GetString());
        Assert.Contains(ModelEndpoints.TieringsPath, problem.GetProperty("detail").GetString());
        Assert.Equal("\"1\"", await ETagOfAsync(model.Id));
        Assert.Empty(await factory.OutboxRowsAsync<RiskTierChanged>(model.Id));
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
    public async Task The_lifecycle_route_approves_for_no_one_and_points_to_reviews()
    {
        var model = await Owner.RegisterModelAsync(_org);
        (await Owner.TransitionAsync(model.Id, "InDevelopment", "*")).EnsureStatus(HttpStatusCode.OK);
        (await Owner.AddVersionAsync(model.Id, "1.0.0")).EnsureStatus(HttpStatusCode.Created);
        (await Owner.TransitionAsync(model.Id, "InValidation", "*")).EnsureStatus(HttpStatusCode.OK);
        await factory.TierAsync(model.Id, _org, "High");
        var revision = await ETagOfAsync(model.Id);

        var approver = factory.ClientWithToken(TestIdentity.Token("avery.approver", ["approver"]));
        foreach (var caller in new[] { Owner, approver })
        {
            var problem = await (await caller.TransitionAsync(model.Id, "Approved", "*")).ProblemAsync(HttpStatusCode.Conflict, ApiProblems.ConflictType);
            Assert.Equal(ModelRecord.ReviewsPath, problem.GetProperty("reviews").GetString());
        }
        Assert.Equal(revision, await ETagOfAsync(model.Id));
        Assert.DoesNotContain(await factory.OutboxRowsAsync<ModelLifecycleChanged>(model.Id), row => row.Event<ModelLifecycleChanged>().To == "Approved");

        // An approver still makes their own moves by hand (hold, suspend), and no other.
        var retire = await (await approver.TransitionAsync(model.Id, "Retired", "*")).ProblemAsync(HttpStatusCode.Forbidden, ApiProblems.ForbiddenType);
        Assert.Contains("Retired", retire.GetProperty("detail").GetString());
        var suspended = await (await approver.TransitionAsync(model.Id, "Suspended", "*")).ReadAsync<ModelResponse>();
        Assert.Equal(LifecycleStatus.Suspended, suspended.LifecycleStatus);
        Assert.Equal("avery.approver", suspended.UpdatedBy);
    }

    private async Task<ModelResponse> ReadAsync(string id) => await (await Owner.GetAsync($"{Api.Models}/{id}")).ReadAsync<ModelResponse>();
}
