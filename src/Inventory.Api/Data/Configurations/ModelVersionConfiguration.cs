using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModelRisk.Inventory.Models;

namespace ModelRisk.Inventory.Data.Configurations;

public sealed class ModelVersionConfiguration : IEntityTypeConfiguration<ModelVersion>
{
    public void Configure(EntityTypeBuilder<ModelVersion> builder)
    {
        builder.ToTable("model_versions");
        builder.HasKey(v => v.Id);
        builder.Property(v => v.Id).HasMaxLength(40);
        builder.Property(v => v.ModelId).HasMaxLength(40);
        builder.Property(v => v.Version).HasMaxLength(100).IsRequired();
        builder.HasIndex(v => new { v.ModelId, v.Version }).IsUnique();
        builder.Property(v => v.ArtifactUri).HasMaxLength(2000).IsRequired();
        builder.Property(v => v.TrainingDataReference).HasMaxLength(2000);
        builder.Property(v => v.CreatedBy).HasMaxLength(InventoryDbContext.ActorMaxLength);
    }
}
