using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModelRisk.Monitoring.Models.Points;

namespace ModelRisk.Monitoring.Data.Configurations;

public sealed class PointConfiguration : IEntityTypeConfiguration<MetricPoint>
{
    public void Configure(EntityTypeBuilder<MetricPoint> builder)
    {
        builder.ToTable("points");
        // The key is the idempotency key of ingest and the order of every series query: model, metric, series, time.
        builder.HasKey(p => new { p.ModelId, p.Metric, p.SeriesId, p.At });
        builder.Property(p => p.ModelId).HasMaxLength(40);
        builder.Property(p => p.Metric).HasMaxLength(100);
        builder.Property(p => p.Series).HasMaxLength(SeriesLabels.MaxLength).IsRequired();
        builder.Property(p => p.SeriesId).HasMaxLength(SeriesLabels.IdLength).IsUnicode(false);
        builder.Property(p => p.Org).HasMaxLength(64).IsRequired();
        builder.Property(p => p.Source).HasConversion<int>();
    }
}
