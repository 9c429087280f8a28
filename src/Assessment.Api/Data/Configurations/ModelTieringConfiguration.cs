using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModelRisk.Assessment.Models.Tiering;

namespace ModelRisk.Assessment.Data.Configurations;

public sealed class ModelTieringConfiguration : IEntityTypeConfiguration<ModelTiering>
{
    public void Configure(EntityTypeBuilder<ModelTiering> tiering)
    {
        tiering.ToTable("tierings");
        tiering.HasKey(t => t.Id);
        tiering.Property(t => t.Org).HasMaxLength(64).IsRequired();
        tiering.Property(t => t.ModelId).HasMaxLength(40).IsRequired();
        tiering.Property(t => t.PolicyVersion).HasMaxLength(32);
        tiering.Property(t => t.Answers).HasMaxLength(8000);
        tiering.Property(t => t.ScoredTier).HasConversion<string>().HasMaxLength(16);
        tiering.Property(t => t.PolicyTier).HasConversion<string>().HasMaxLength(16);
        tiering.Property(t => t.OverrideTier).HasConversion<string>().HasMaxLength(16);
        tiering.Property(t => t.Rationale).HasMaxLength(4000);
        tiering.Property(t => t.OverrideJustification).HasMaxLength(4000);
        tiering.Property(t => t.OverriddenBy).HasMaxLength(200);
        tiering.Property(t => t.CreatedBy).HasMaxLength(200);
        tiering.PrimitiveCollection(t => t.Drivers);
        tiering.Ignore(t => t.Tier);
        tiering.HasIndex(t => new { t.ModelId, t.CreatedAt });
        tiering.HasIndex(t => new { t.Org, t.Id });
    }
}
