using Microsoft.EntityFrameworkCore;
using ModelRisk.Messaging;
using ModelRisk.ServiceKit.Domain;

namespace ModelRisk.ServiceKit.Data;

/// <summary>
/// The base of every service's DbContext: the outbox and inbox tables, the revision of every <see cref="Aggregate"/> as
/// its concurrency token, and one save hook that stages each aggregate's raised events in the outbox before the
/// changes are written, so state and events commit together.
/// </summary>
public abstract class ServiceDbContext(DbContextOptions options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        foreach (var entity in modelBuilder.Model.GetEntityTypes().Where(e => typeof(Aggregate).IsAssignableFrom(e.ClrType) && e.BaseType is null).ToList())
        {
            var builder = modelBuilder.Entity(entity.ClrType);
            builder.Ignore(nameof(Aggregate.PendingEvents));
            builder.Property(nameof(Aggregate.Id)).HasMaxLength(40);
            builder.Property(nameof(Aggregate.Revision)).IsConcurrencyToken();
        }
        modelBuilder.AddOutboxAndInbox();
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        StageEvents();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        StageEvents();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    private void StageEvents()
    {
        var raised = ChangeTracker.Entries<Aggregate>().SelectMany(e => e.Entity.TakeEvents()).ToList();
        foreach (var @event in raised)
        {
            this.AddOutboxEvent(@event);
        }
    }
}
