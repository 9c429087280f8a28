using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModelRisk.Assessment.Models.Tiering;

namespace ModelRisk.Assessment.Data.Configurations;

public sealed class ModelTieringConfiguration : IEntityTypeConfiguration<ModelTiering>
{
    public void Configure(EntityTypeBuilder<ModelTiering> builder)
    {
        builder.ToTable("tierings");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Org).HasMaxLength(64).IsRequired();
        builder.Property(t => t.ModelId).HasMaxLength(40).IsRequired();
        builder.Property(t => t.PolicyVersion).HasMaxLength(32);
        builder.Property(t => t.Answers).HasMaxLength(8000);
        builder.Property(t => t.ScoredTier).HasConversion<string>().HasMaxLength(16);
        builder.Property(t => t.PolicyTier).HasConversion<string>().HasMaxLength(16);
        builder.Property(t => t.OverrideTier).HasConversion<string>().HasMaxLength(16);
        builder.Property(t => t.Rationale).HasMaxLength(4000);
        builder.Property(t => t.OverrideJustification).HasMaxLength(4000);
        builder.Property(t => t.OverriddenBy).HasMaxLength(200);
        builder.Property(t => t.CreatedBy).HasMaxLength(200);
        builder.PrimitiveCollection(t => t.Drivers);
        builder.Ignore(t => t.Tier);
        builder.HasIndex(t => new { t.ModelId, t.Id });
        builder.HasIndex(t => new { t.Org, t.Id });
    }
}
