using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using ModelRisk.Inventory.Models;

namespace ModelRisk.Inventory.Tests.Infrastructure;

/// <summary>
/// Plays "someone else saved this model just now": for a model marked with <see cref="ChangeNextSave"/>, the next save
/// that updates it is preceded by another writer bumping its revision, after the request read it and before it writes.
/// Deterministic, unlike racing two requests.
/// </summary>
public sealed class ConcurrentWriter : SaveChangesInterceptor
{
    private readonly ConcurrentDictionary<string, bool> _pending = new(StringComparer.Ordinal);

    public void ChangeNextSave(string modelId) => _pending[modelId] = true;

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } db)
        {
            var targets = db.ChangeTracker.Entries<ModelRecord>()
                .Where(e => e.State == EntityState.Modified && _pending.TryRemove(e.Entity.Id, out _))
                .Select(e => e.Entity.Id)
                .ToList();
            foreach (var id in targets)
            {
                await db.Database.ExecuteSqlAsync($"UPDATE models SET Revision = Revision + 1 WHERE Id = {id}", cancellationToken);
            }
        }
        return result;
    }
}
