using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModelRisk.Inventory.Models;

namespace ModelRisk.Inventory.Data.Configurations;

public sealed class ModelRecordConfiguration : IEntityTypeConfiguration<ModelRecord>
{
    public void Configure(EntityTypeBuilder<ModelRecord> builder)
    {
        builder.ToTable("models");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Org).HasMaxLength(64).IsRequired();
        builder.Property(m => m.Key).HasMaxLength(64).IsRequired();
        builder.HasIndex(m => new { m.Org, m.Key }).IsUnique();
        builder.HasIndex(m => new { m.Org, m.Id });
        builder.Property(m => m.Name).HasMaxLength(200).IsRequired();
        builder.Property(m => m.Description).HasMaxLength(4000);
        builder.Property(m => m.Owner).HasMaxLength(200).IsRequired();
        builder.HasIndex(m => m.Owner);
        builder.Property(m => m.DeveloperTeam).HasMaxLength(200);
        builder.Property(m => m.IntendedUse).HasMaxLength(4000);
        builder.Property(m => m.VendorName).HasMaxLength(200);
        builder.Property(m => m.ModelType).HasConversion<string>().HasMaxLength(32);
        builder.Property(m => m.Sourcing).HasConversion<string>().HasMaxLength(16);
        builder.Property(m => m.LifecycleStatus).HasConversion<string>().HasMaxLength(32);
        builder.Property(m => m.RiskTier).HasConversion<string>().HasMaxLength(16);
        builder.HasIndex(m => m.LifecycleStatus);
        builder.HasIndex(m => m.RiskTier);
        builder.Property(m => m.RiskTierRationale).HasMaxLength(ModelRecord.RationaleMaxLength);
        builder.Property(m => m.RiskTierSetBy).HasMaxLength(InventoryDbContext.ActorMaxLength);
        builder.Property(m => m.ApprovedVersionId).HasMaxLength(40);
        builder.Property(m => m.ApprovedByReviewId).HasMaxLength(40);
        builder.Property(m => m.CreatedBy).HasMaxLength(InventoryDbContext.ActorMaxLength);
        builder.Property(m => m.UpdatedBy).HasMaxLength(InventoryDbContext.ActorMaxLength);
        // Small value lists live with their model as JSON; they are read and written whole, through their backing fields.
        builder.PrimitiveCollection(m => m.Restrictions).HasField("_restrictions").UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.PrimitiveCollection(m => m.UpstreamDependencies).HasField("_upstreamDependencies").UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.PrimitiveCollection(m => m.LineageUris).HasField("_lineageUris").UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.PrimitiveCollection(m => m.Tags).HasField("_tags").UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.OwnsMany(m => m.DeploymentEndpoints, e => e.ToJson("deployment_endpoints"));
        builder.Navigation(m => m.DeploymentEndpoints).HasField("_deploymentEndpoints").UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.OwnsMany(m => m.MonitoringLinks, l => l.ToJson("monitoring_links"));
        builder.Navigation(m => m.MonitoringLinks).HasField("_monitoringLinks").UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.HasMany(m => m.Versions).WithOne().HasForeignKey(v => v.ModelId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(m => m.Versions).HasField("_versions").UsePropertyAccessMode(PropertyAccessMode.Field).AutoInclude(false);
    }
}
