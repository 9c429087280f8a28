using System.Net;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using ModelRisk.Contracts.Assessment.V1;
using ModelRisk.Inventory.Features.Models;
using ModelRisk.Messaging.Inbox;
using ModelRisk.TestSupport;

namespace ModelRisk.Inventory.Tests.Infrastructure;

/// <summary>What Assessment publishes, delivered through the bus (the test harness) to Inventory's consumers.</summary>
public static class AssessmentEvents
{
    /// <summary>
    /// Publishes with the given message id (a redelivery when it was delivered before) and waits until the consumer
    /// finished with this delivery, which it must have done without an error: handled, or acknowledged without effect.
    /// </summary>
    public static async Task<Guid> DeliverAsync<T>(this InventoryFactory factory, T message, Guid? messageId = null) where T : class
    {
        var id = messageId ?? Guid.NewGuid();
        var before = factory.Consumed.Finished(id);
        await factory.Harness.Bus.Publish(message, context => context.MessageId = id);
        await Wait.UntilAsync(() => Task.FromResult(factory.Consumed.Finished(id) > before), $"{typeof(T).Name} {id} is consumed");
        Assert.Equal(0, factory.Consumed.Faulted(id));
        // The inbox row is the proof that the handling committed (and the key that makes a redelivery a no-op).
        Assert.True(await factory.QueryAsync(db => db.Set<InboxMessage>().AnyAsync(i => i.MessageId == id)));
        return id;
    }

    public static ModelTiered Tiered(string modelId, string org, string tier, string rationale = "Material exposure") =>
        new(Guid.NewGuid().ToString("N"), modelId, org, tier, "2026.1", false, rationale, "analyst", DateTimeOffset.UtcNow);

    public static ReviewDecided Decided(string modelId, string org, string versionId, string outcome = "Approve", string? reviewId = null) =>
        new(reviewId ?? Guid.NewGuid().ToString("N"), modelId, versionId, org, outcome, "Fit for the intended use",
            ["avery.approver", "blake.approver"], null, "blake.approver", DateTimeOffset.UtcNow);

    public static Task<Guid> TierAsync(this InventoryFactory factory, string modelId, string org, string tier, string rationale = "Material exposure") =>
        factory.DeliverAsync(Tiered(modelId, org, tier, rationale));

    /// <summary>
    /// Takes a registered model through development and validation of a new version, tiers it, and approves that version
    /// through a review decision; returns the approved model as the API shows it.
    /// </summary>
    public static async Task<ModelResponse> ApproveThroughReviewAsync(this InventoryFactory factory, HttpClient owner, ModelResponse model, string version = "1.0.0")
    {
        await factory.TierAsync(model.Id, model.Org, "High");
        var added = await (await owner.AddVersionAsync(model.Id, version)).ReadAsync<VersionResponse>(HttpStatusCode.Created);
        var current = await (await owner.GetAsync($"{Api.Models}/{model.Id}")).ReadAsync<ModelResponse>();
        if (current.LifecycleStatus == Models.LifecycleStatus.Proposed)
        {
            (await owner.TransitionAsync(model.Id, "InDevelopment", "*")).EnsureStatus(HttpStatusCode.OK);
        }
        if (current.LifecycleStatus != Models.LifecycleStatus.InValidation)
        {
            (await owner.TransitionAsync(model.Id, "InValidation", "*")).EnsureStatus(HttpStatusCode.OK);
        }
        await factory.DeliverAsync(Decided(model.Id, model.Org, added.Id));
        var approved = await (await owner.GetAsync($"{Api.Models}/{model.Id}")).ReadAsync<ModelResponse>();
        Assert.Equal(Models.LifecycleStatus.Approved, approved.LifecycleStatus);
        return approved;
    }
}
