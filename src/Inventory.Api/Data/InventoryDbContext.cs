using Microsoft.EntityFrameworkCore;
using ModelRisk.Inventory.Models;
using ModelRisk.Messaging;

namespace ModelRisk.Inventory.Data;

/// <summary>
/// The Inventory database. Provider-specific subclasses exist only so that each provider keeps its own
/// migrations set; the model is defined once, here.
/// </summary>
public abstract class InventoryDbContext(DbContextOptions options) : DbContext(options)
{
    /// <summary>Audit columns hold the caller's username or client id, which Keycloak allows up to 255 characters.</summary>
    public const int ActorMaxLength = 255;

    public DbSet<ModelRecord> Models => Set<ModelRecord>();
    public DbSet<ModelVersion> ModelVersions => Set<ModelVersion>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ModelRecord>(model =>
        {
            model.ToTable("models");
            model.HasKey(m => m.Id);
            model.Property(m => m.Id).HasMaxLength(40);
            model.Property(m => m.Org).HasMaxLength(64).IsRequired();
            model.Property(m => m.Key).HasMaxLength(64).IsRequired();
            model.HasIndex(m => new { m.Org, m.Key }).IsUnique();
            model.HasIndex(m => new { m.Org, m.Id });
            model.Property(m => m.Name).HasMaxLength(200).IsRequired();
            model.Property(m => m.Description).HasMaxLength(4000);
            model.Property(m => m.Owner).HasMaxLength(200).IsRequired();
            model.HasIndex(m => m.Owner);
            model.Property(m => m.DeveloperTeam).HasMaxLength(200);
            model.Property(m => m.IntendedUse).HasMaxLength(4000);
            model.Property(m => m.VendorName).HasMaxLength(200);
            model.Property(m => m.ModelType).HasConversion<string>().HasMaxLength(32);
            model.Property(m => m.Sourcing).HasConversion<string>().HasMaxLength(16);
            model.Property(m => m.LifecycleStatus).HasConversion<string>().HasMaxLength(32);
            model.Property(m => m.RiskTier).HasConversion<string>().HasMaxLength(16);
            model.HasIndex(m => m.LifecycleStatus);
            model.HasIndex(m => m.RiskTier);
            model.Property(m => m.RiskTierRationale).HasMaxLength(4000);
            model.Property(m => m.RiskTierSetBy).HasMaxLength(ActorMaxLength);
            model.Property(m => m.CreatedBy).HasMaxLength(ActorMaxLength);
            model.Property(m => m.UpdatedBy).HasMaxLength(ActorMaxLength);
            model.Property(m => m.Revision).IsConcurrencyToken();
            // Small value lists live with their model as JSON; they are read and written whole.
            model.PrimitiveCollection(m => m.Restrictions);
            model.PrimitiveCollection(m => m.UpstreamDependencies);
            model.PrimitiveCollection(m => m.LineageUris);
            model.PrimitiveCollection(m => m.Tags);
            model.OwnsMany(m => m.DeploymentEndpoints, e => e.ToJson("deployment_endpoints"));
            model.OwnsMany(m => m.MonitoringLinks, l => l.ToJson("monitoring_links"));
            model.HasMany(m => m.Versions).WithOne().HasForeignKey(v => v.ModelId).OnDelete(DeleteBehavior.Cascade);
            model.Navigation(m => m.Versions).AutoInclude(false);
        });

        modelBuilder.Entity<ModelVersion>(version =>
        {
            version.ToTable("model_versions");
            version.HasKey(v => v.Id);
            version.Property(v => v.Id).HasMaxLength(40);
            version.Property(v => v.ModelId).HasMaxLength(40);
            version.Property(v => v.Version).HasMaxLength(100).IsRequired();
            version.HasIndex(v => new { v.ModelId, v.Version }).IsUnique();
            version.Property(v => v.ArtifactUri).HasMaxLength(2000).IsRequired();
            version.Property(v => v.TrainingDataReference).HasMaxLength(2000);
            version.Property(v => v.CreatedBy).HasMaxLength(ActorMaxLength);
        });

        modelBuilder.AddOutboxAndInbox();
    }
}

public sealed class SqliteInventoryDbContext(DbContextOptions<SqliteInventoryDbContext> options) : InventoryDbContext(options);

public sealed class SqlServerInventoryDbContext(DbContextOptions<SqlServerInventoryDbContext> options) : InventoryDbContext(options);
