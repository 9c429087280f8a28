using MassTransit;
using Microsoft.EntityFrameworkCore;
using ModelRisk.Contracts.Assessment.V1;
using ModelRisk.Contracts.Inventory.V1;
using ModelRisk.Messaging;
using ModelRisk.Monitoring.Data;
using ModelRisk.Monitoring.Models.Inventory;

namespace ModelRisk.Monitoring.Features.FromInventory;

// Monitoring's copy of what it needs from Inventory: each model's org, name, owner, tier and lifecycle. The inbox drops
// redeliveries; the event's instant drops an older change arriving after a newer one.

public sealed class ModelRegisteredConsumer(MonitoringDbContext db) : IdempotentConsumer<ModelRegistered, MonitoringDbContext>(db)
{
    protected override async Task HandleAsync(ConsumeContext<ModelRegistered> context, MonitoringDbContext db, CancellationToken cancellationToken)
    {
        var e = context.Message;
        var model = await db.Models.FirstOrDefaultAsync(m => m.ModelId == e.ModelId, cancellationToken);
        if (model is null)
        {
            model = InventoryText.Start(e.ModelId, e.Org);
            db.Models.Add(model);
        }
        model.Key = InventoryText.Cut(e.Key, 100);
        // An update may have arrived before the registration: its name and owner are the later facts.
        if (e.OccurredAt >= model.UpdatedAt)
        {
            model.Name = InventoryText.Cut(e.Name, 200);
            model.Owner = InventoryText.Cut(e.Owner, 255);
            model.UpdatedAt = e.OccurredAt;
        }
        // A tier or lifecycle change may have arrived before the registration: the later fact of each field wins.
        if (e.OccurredAt >= model.TierAt)
        {
            model.RiskTier = InventoryText.Cut(e.RiskTier, 16);
            model.TierAt = e.OccurredAt;
        }
        if (e.OccurredAt >= model.LifecycleAt)
        {
            model.Lifecycle = InventoryText.Cut(e.LifecycleStatus, 24);
            model.LifecycleAt = e.OccurredAt;
        }
    }
}

/// <summary>A new name or owner (the owner is who a critical alert's finding goes to); an older update arriving late changes nothing.</summary>
public sealed class ModelUpdatedConsumer(MonitoringDbContext db) : IdempotentConsumer<ModelUpdated, MonitoringDbContext>(db)
{
    protected override async Task HandleAsync(ConsumeContext<ModelUpdated> context, MonitoringDbContext db, CancellationToken cancellationToken)
    {
        var e = context.Message;
        // Publishers older than the Name and Owner members send neither: nothing to copy.
        if (e.Name is null && e.Owner is null)
        {
            return;
        }
        var model = await InventoryText.FindOrStartAsync(db, e.ModelId, e.Org, cancellationToken);
        if (e.OccurredAt < model.UpdatedAt)
        {
            return;
        }
        if (e.Name is not null)
        {
            model.Name = InventoryText.Cut(e.Name, 200);
        }
        if (e.Owner is not null)
        {
            model.Owner = InventoryText.Cut(e.Owner, 255);
        }
        model.UpdatedAt = e.OccurredAt;
    }
}

public sealed class RiskTierChangedConsumer(MonitoringDbContext db) : IdempotentConsumer<RiskTierChanged, MonitoringDbContext>(db)
{
    protected override async Task HandleAsync(ConsumeContext<RiskTierChanged> context, MonitoringDbContext db, CancellationToken cancellationToken)
    {
        var e = context.Message;
        var model = await InventoryText.FindOrStartAsync(db, e.ModelId, e.Org, cancellationToken);
        if (e.OccurredAt >= model.TierAt)
        {
            model.RiskTier = InventoryText.Cut(e.To, 16);
            model.TierAt = e.OccurredAt;
        }
    }
}

public sealed class ModelLifecycleChangedConsumer(MonitoringDbContext db) : IdempotentConsumer<ModelLifecycleChanged, MonitoringDbContext>(db)
{
    protected override async Task HandleAsync(ConsumeContext<ModelLifecycleChanged> context, MonitoringDbContext db, CancellationToken cancellationToken)
    {
        var e = context.Message;
        var model = await InventoryText.FindOrStartAsync(db, e.ModelId, e.Org, cancellationToken);
        if (e.OccurredAt >= model.LifecycleAt)
        {
            model.Lifecycle = InventoryText.Cut(e.To, 24);
            model.LifecycleAt = e.OccurredAt;
        }
    }
}

/// <summary>The tiers a newly published tiering policy makes monitoring mandatory for; an older publication arriving late changes nothing.</summary>
public sealed class TieringPolicyPublishedConsumer(MonitoringDbContext db) : IdempotentConsumer<TieringPolicyPublished, MonitoringDbContext>(db)
{
    protected override async Task HandleAsync(ConsumeContext<TieringPolicyPublished> context, MonitoringDbContext db, CancellationToken cancellationToken)
    {
        var e = context.Message;
        var current = await db.MandatoryTiers.FirstOrDefaultAsync(t => t.Id == MandatoryTiers.CurrentId, cancellationToken);
        if (current is null)
        {
            current = new MandatoryTiers();
            db.MandatoryTiers.Add(current);
        }
        else if (current.PublishedAt > e.OccurredAt)
        {
            return;
        }
        current.PolicyVersion = InventoryText.Cut(e.PolicyVersion, 64);
        current.Tiers = [.. e.MonitoringMandatoryTiers.Select(t => InventoryText.Cut(t, 16))];
        current.PublishedAt = e.OccurredAt;
    }
}

internal static class InventoryText
{
    public static MonitoredModel Start(string modelId, string org) => new()
    {
        ModelId = modelId, Org = org, UpdatedAt = DateTimeOffset.MinValue, TierAt = DateTimeOffset.MinValue, LifecycleAt = DateTimeOffset.MinValue,
    };

    public static string Cut(string? text, int max) => text is null ? "" : text.Length <= max ? text : text[..max];

    /// <summary>A change may arrive before the registration: the row starts with what the change tells, the registration fills the rest.</summary>
    public static async Task<MonitoredModel> FindOrStartAsync(MonitoringDbContext db, string modelId, string org, CancellationToken ct)
    {
        var model = await db.Models.FirstOrDefaultAsync(m => m.ModelId == modelId, ct);
        if (model is null)
        {
            model = Start(modelId, org);
            db.Models.Add(model);
        }
        return model;
    }
}
