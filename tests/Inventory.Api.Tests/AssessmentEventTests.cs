using System.Net;
using Microsoft.EntityFrameworkCore;
using ModelRisk.Contracts.Inventory.V1;
using ModelRisk.Inventory.Features.Models;
using ModelRisk.Inventory.Models;
using ModelRisk.Inventory.Tests.Infrastructure;
using ModelRisk.Messaging.Outbox;
using ModelRisk.TestSupport;

namespace ModelRisk.Inventory.Tests;

/// <summary>
/// The tier and the approval reach Inventory from Assessment as events (ADRs 050, 051): each applied once through the
/// aggregate, a duplicate changing nothing, and one Inventory cannot apply acknowledged rather than retried forever.
/// </summary>
[Collection(InventoryCollection.Name)]
public sealed class AssessmentEventTests(InventoryFactory factory)
{
    private readonly string _org = Api.NewOrg("assess");

    private HttpClient Owner => factory.ClientWithToken(TestIdentity.ModelOwner(_org));

    private async Task<ModelResponse> ReadAsync(string id) => await (await Owner.GetAsync($"{Api.Models}/{id}")).ReadAsync<ModelResponse>();

    private Task<int> EventCountAsync(string modelId) =>
        factory.QueryAsync(db => db.Set<OutboxMessage>().CountAsync(m => m.Body.Contains(modelId)));

    private async Task<(ModelResponse Model, VersionResponse Version)> InValidationAsync(bool tiered = true)
    {
        var model = await Owner.RegisterModelAsync(_org);
        (await Owner.TransitionAsync(model.Id, "InDevelopment", "*")).EnsureStatus(HttpStatusCode.OK);
        var version = await (await Owner.AddVersionAsync(model.Id, "1.0.0")).ReadAsync<VersionResponse>(HttpStatusCode.Created);
        (await Owner.TransitionAsync(model.Id, "InValidation", "*")).EnsureStatus(HttpStatusCode.OK);
        if (tiered)
        {
            await factory.TierAsync(model.Id, _org, "High");
        }
        return (await ReadAsync(model.Id), version);
    }

    [Fact]
    public async Task A_tiering_sets_the_tier_through_the_model_and_a_redelivery_changes_nothing()
    {
        var model = await Owner.RegisterModelAsync(_org);
        var tiered = AssessmentEvents.Tiered(model.Id, _org, "Critical", "Systemic exposure");

        var messageId = await factory.DeliverAsync(tiered);

        var after = await ReadAsync(model.Id);
        Assert.Equal((RiskTier.Critical, "Systemic exposure", "analyst", 2L), (after.RiskTier.Tier, after.RiskTier.Rationale, after.RiskTier.SetBy, after.Revision));
        var changed = Assert.Single(await factory.OutboxRowsAsync<RiskTierChanged>(model.Id)).Event<RiskTierChanged>();
        Assert.Equal(("Unassigned", "Critical", "Systemic exposure"), (changed.From, changed.To, changed.Rationale));

        var events = await EventCountAsync(model.Id);
        await factory.DeliverAsync(tiered, messageId);
        Assert.Equal(2, (await ReadAsync(model.Id)).Revision);
        Assert.Equal(events, await EventCountAsync(model.Id));
    }

    [Fact]
    public async Task Events_for_an_unknown_model_or_another_orgs_model_are_acknowledged_without_effect()
    {
        var model = await Owner.RegisterModelAsync(_org);
        var events = await EventCountAsync(model.Id);

        // Each returns only once the consumer committed its inbox row: handled and acknowledged, not left to retry.
        await factory.DeliverAsync(AssessmentEvents.Tiered("no-such-model", _org, "High"));
        await factory.DeliverAsync(AssessmentEvents.Tiered(model.Id, Api.NewOrg("elsewhere"), "High"));
        await factory.DeliverAsync(AssessmentEvents.Decided("no-such-model", _org, "no-such-version"));
        await factory.DeliverAsync(AssessmentEvents.Tiered(model.Id, _org, "Extreme"));

        var after = await ReadAsync(model.Id);
        Assert.Equal((RiskTier.Unassigned, 1L), (after.RiskTier.Tier, after.Revision));
        Assert.Equal(events, await EventCountAsync(model.Id));
    }

    [Theory]
    [InlineData("Approve")]
    [InlineData("ApproveWithConditions")]
    public async Task An_approving_decision_approves_the_reviewed_version_once(string outcome)
    {
        var (model, version) = await InValidationAsync();
        var decided = AssessmentEvents.Decided(model.Id, _org, version.Id, outcome, reviewId: "review-1");

        var messageId = await factory.DeliverAsync(decided);

        var approved = await ReadAsync(model.Id);
        Assert.Equal((LifecycleStatus.Approved, version.Id, "review-1", "blake.approver"),
            (approved.LifecycleStatus, approved.ApprovedVersionId, approved.ApprovedByReviewId, approved.UpdatedBy));
        var moved = (await factory.OutboxRowsAsync<ModelLifecycleChanged>(model.Id)).Select(r => r.Event<ModelLifecycleChanged>()).Last();
        Assert.Equal(("InValidation", "Approved"), (moved.From, moved.To));
        Assert.Contains("review-1", moved.Reason);

        var events = await EventCountAsync(model.Id);
        await factory.DeliverAsync(decided, messageId);
        Assert.Equal(approved.Revision, (await ReadAsync(model.Id)).Revision);
        Assert.Equal(events, await EventCountAsync(model.Id));
    }

    [Fact]
    public async Task An_approval_the_lifecycle_does_not_allow_is_acknowledged_and_leaves_the_model()
    {
        var model = await Owner.RegisterModelAsync(_org);
        (await Owner.TransitionAsync(model.Id, "InDevelopment", "*")).EnsureStatus(HttpStatusCode.OK);
        var version = await (await Owner.AddVersionAsync(model.Id, "1.0.0")).ReadAsync<VersionResponse>(HttpStatusCode.Created);
        await factory.TierAsync(model.Id, _org, "Low");
        var before = await ReadAsync(model.Id);

        await factory.DeliverAsync(AssessmentEvents.Decided(model.Id, _org, version.Id));

        var after = await ReadAsync(model.Id);
        Assert.Equal((LifecycleStatus.InDevelopment, before.Revision, (string?)null), (after.LifecycleStatus, after.Revision, after.ApprovedVersionId));
    }

    [Fact]
    public async Task An_approval_of_a_version_that_was_superseded_is_acknowledged_and_leaves_the_model_in_validation()
    {
        var (model, first) = await InValidationAsync();
        (await Owner.AddVersionAsync(model.Id, "2.0.0")).EnsureStatus(HttpStatusCode.Created);

        await factory.DeliverAsync(AssessmentEvents.Decided(model.Id, _org, first.Id));

        var after = await ReadAsync(model.Id);
        Assert.Equal((LifecycleStatus.InValidation, (string?)null), (after.LifecycleStatus, after.ApprovedVersionId));
    }

    [Fact]
    public async Task A_rejection_sends_the_model_back_to_development_and_a_hold_leaves_it_in_validation()
    {
        var (held, heldVersion) = await InValidationAsync();
        await factory.DeliverAsync(AssessmentEvents.Decided(held.Id, _org, heldVersion.Id, "Hold"));
        Assert.Equal((LifecycleStatus.InValidation, held.Revision), ((await ReadAsync(held.Id)).LifecycleStatus, (await ReadAsync(held.Id)).Revision));

        var (rejected, rejectedVersion) = await InValidationAsync();
        await factory.DeliverAsync(AssessmentEvents.Decided(rejected.Id, _org, rejectedVersion.Id, "Reject"));
        Assert.Equal(LifecycleStatus.InDevelopment, (await ReadAsync(rejected.Id)).LifecycleStatus);
        var moved = (await factory.OutboxRowsAsync<ModelLifecycleChanged>(rejected.Id)).Select(r => r.Event<ModelLifecycleChanged>()).Last();
        Assert.Equal(("InValidation", "InDevelopment"), (moved.From, moved.To));
    }

    public static TheoryData<string, bool> MaterialChanges() => new()
    {
        { "version", false }, { "version", true },
        { "modelType", false }, { "modelType", true },
        { "intendedUse", false }, { "intendedUse", true },
    };

    [Theory]
    [MemberData(nameof(MaterialChanges))]
    public async Task A_material_change_sends_an_approved_or_live_model_back_for_review(string change, bool live)
    {
        var model = await factory.ApproveThroughReviewAsync(Owner, await Owner.RegisterModelAsync(_org));
        if (live)
        {
            model = await (await Owner.TransitionAsync(model.Id, "InProduction", "*")).ReadAsync<ModelResponse>();
        }

        var response = change switch
        {
            "version" => await Owner.AddVersionAsync(model.Id, "2.0.0"),
            "modelType" => await Owner.PatchAsync(model.Id, new { modelType = "Regression" }, "*"),
            _ => await Owner.PatchAsync(model.Id, new { intendedUse = "Also small business lending" }, "*"),
        };
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());

        var after = await ReadAsync(model.Id);
        Assert.Equal((LifecycleStatus.InValidation, (string?)null), (after.LifecycleStatus, after.ApprovedVersionId));
        var back = (await factory.OutboxRowsAsync<ModelLifecycleChanged>(model.Id)).Select(r => r.Event<ModelLifecycleChanged>()).Last();
        Assert.Equal((model.LifecycleStatus.ToString(), "InValidation"), (back.From, back.To));
        Assert.Contains(change == "version" ? "2.0.0" : change, back.Reason);
    }

    [Fact]
    public async Task A_change_that_is_not_material_keeps_the_approval()
    {
        var model = await factory.ApproveThroughReviewAsync(Owner, await Owner.RegisterModelAsync(_org));

        var renamed = await (await Owner.PatchAsync(model.Id, new { name = "Clearer name", tags = new[] { "retail" } }, "*")).ReadAsync<ModelResponse>();

        Assert.Equal((LifecycleStatus.Approved, model.ApprovedVersionId), (renamed.LifecycleStatus, renamed.ApprovedVersionId));
    }
}
