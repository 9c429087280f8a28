using ModelRisk.Contracts.Inventory.V1;
using ModelRisk.Inventory.Data;
using ModelRisk.Inventory.Models;
using ModelRisk.Messaging;

namespace ModelRisk.Inventory.Features.Models;

/// <summary>
/// The changes both the API and bulk import make, each staged together with its event so the two paths
/// cannot drift apart. The caller saves.
/// </summary>
internal static class ModelChanges
{
    /// <summary>Ids are version-7 GUIDs: opaque to clients, time-ordered for keyset paging.</summary>
    public static string NewId() => Guid.CreateVersion7().ToString("N");

    public static ModelRecord Register(InventoryDbContext db, RegisterModelRequest request, string actor, DateTimeOffset now)
    {
        var model = ModelRecord.Register(NewId(), request.MergeInto(ModelDetails.Empty), request.Org!, request.Key!, actor, now);
        db.Models.Add(model);
        db.AddOutboxEvent(new ModelRegistered(model.Id, model.Org, model.Key, model.Name, model.ModelType.ToString(), model.Owner,
            model.LifecycleStatus.ToString(), model.RiskTier.ToString(), actor, now));
        return model;
    }

    /// <summary>Applies new details; returns the changed fields (none: nothing staged, nothing to save).</summary>
    public static IReadOnlyList<string> Update(InventoryDbContext db, ModelRecord model, ModelDetails details, string actor, DateTimeOffset now)
    {
        var changed = model.Update(details, actor, now);
        if (changed.Count > 0)
        {
            db.AddOutboxEvent(new ModelUpdated(model.Id, model.Org, model.Key, model.Revision, changed, actor, now));
        }
        return changed;
    }
}
