using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using ModelRisk.Inventory.Models;

namespace ModelRisk.Inventory.Tests.Infrastructure;

/// <summary>
/// Makes the database itself refuse the next save of a marked model, deterministically: either a real race (another
/// writer inserted the same version just before) or a real fault that is no race (a required column written as NULL).
/// </summary>
public sealed class DatabaseFaults : SaveChangesInterceptor
{
    private readonly ConcurrentDictionary<string, bool> _breakRequired = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _clashVersion = new(StringComparer.Ordinal);

    /// <summary>The next save of this model writes its name as NULL: SQLite answers NOT NULL constraint failed (19/1299).</summary>
    public void BreakNextSave(string modelId) => _breakRequired[modelId] = true;

    /// <summary>The next version added to this model is inserted by "someone else" first: a unique index violation (19/2067).</summary>
    public void ClashNextVersion(string modelId) => _clashVersion[modelId] = true;

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is not { } db)
        {
            return result;
        }
        foreach (var entry in db.ChangeTracker.Entries<ModelRecord>().Where(e => _breakRequired.TryRemove(e.Entity.Id, out _)).ToList())
        {
            entry.Property(m => m.Name).CurrentValue = null!;
        }
        foreach (var added in db.ChangeTracker.Entries<ModelVersion>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList())
        {
            if (_clashVersion.TryRemove(added.ModelId, out _))
            {
                await db.Database.ExecuteSqlAsync(
                    $"INSERT INTO model_versions (Id, ModelId, Version, ArtifactUri, CreatedBy, CreatedAt) VALUES ({Guid.NewGuid().ToString("N")}, {added.ModelId}, {added.Version}, {"s3://elsewhere"}, {"someone-else"}, {DateTimeOffset.UtcNow})",
                    cancellationToken);
            }
        }
        return result;
    }
}
