using ModelRisk.Inventory.Data;
using ModelRisk.Inventory.Models;
using ModelRisk.ServiceKit.Domain;

namespace ModelRisk.Inventory.Features.Models;

/// <summary>
/// The changes both the API and bulk import make, so the two paths cannot drift apart. The aggregate raises the
/// events; the caller saves.
/// </summary>
internal static class ModelChanges
{
    public static ModelRecord Register(InventoryDbContext db, RegisterModelRequest request, string actor, DateTimeOffset now)
    {
        var model = ModelRecord.Register(Aggregate.NewId(), request.MergeInto(ModelDetails.Empty), request.Org!, request.Key!, actor, now);
        db.Models.Add(model);
        return model;
    }

    /// <summary>
    /// Applies new details; returns the changed fields (none: nothing raised, nothing to save). The context is no longer
    /// needed (the aggregate raises its events) but stays in the signature the bulk import calls.
    /// </summary>
    public static IReadOnlyList<string> Update(InventoryDbContext db, ModelRecord model, ModelDetails details, string actor, DateTimeOffset now) =>
        model.Update(details, actor, now);
}
