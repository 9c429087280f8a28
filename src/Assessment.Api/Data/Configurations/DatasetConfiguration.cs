using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModelRisk.Assessment.Models.Datasets;

namespace ModelRisk.Assessment.Data.Configurations;

public sealed class DatasetConfiguration : IEntityTypeConfiguration<Dataset>
{
    public void Configure(EntityTypeBuilder<Dataset> builder)
    {
        builder.ToTable("datasets");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Org).HasMaxLength(64).IsRequired();
        builder.Property(d => d.Name).HasMaxLength(Dataset.MaxNameLength).IsRequired();
        builder.Property(d => d.Format).HasConversion<string>().HasMaxLength(16);
        builder.Property(d => d.Sha256).HasMaxLength(64).IsRequired();
        builder.Property(d => d.StorageKey).HasMaxLength(512).IsRequired();
        builder.Property(d => d.CreatedBy).HasMaxLength(200);
        builder.PrimitiveCollection(d => d.Columns);
        builder.HasIndex(d => new { d.Org, d.Id });
    }
}
