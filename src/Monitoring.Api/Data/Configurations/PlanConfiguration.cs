using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModelRisk.Monitoring.Models.Plans;
using ModelRisk.ServiceKit.Data;

namespace ModelRisk.Monitoring.Data.Configurations;

public sealed class PlanConfiguration : IEntityTypeConfiguration<MonitoringPlan>
{
    public void Configure(EntityTypeBuilder<MonitoringPlan> builder)
    {
        builder.ToTable("plans");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Org).HasMaxLength(64).IsRequired();
        builder.Property(p => p.ModelId).HasMaxLength(40).IsRequired();
        builder.Property(p => p.ModelVersionId).HasMaxLength(40);
        builder.Property(p => p.Name).HasMaxLength(MonitoringPlan.NameMaxLength).IsRequired();
        builder.Property(p => p.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(p => p.Schedule).HasMaxLength(100).IsRequired();
        builder.Property(p => p.ReferenceDatasetId).HasMaxLength(40);
        builder.Property(p => p.ReferenceKey).HasMaxLength(512);
        builder.Property(p => p.ReferenceFormat).HasMaxLength(16);
        builder.Property(p => p.GroupColumn).HasMaxLength(200);
        builder.Property(p => p.RunbookUrl).HasMaxLength(2000);
        builder.Property(p => p.DashboardUrl).HasMaxLength(2000);
        builder.Property(p => p.CreatedBy).HasMaxLength(255);
        builder.Property(p => p.UpdatedBy).HasMaxLength(255);
        builder.Property(p => p.Metrics).HasConversion(JsonColumn.Converter<List<PlanMetric>>(), JsonColumn.Comparer<List<PlanMetric>>());
        builder.Property(p => p.AlertRoutes).HasConversion(JsonColumn.Converter<List<string>>(), JsonColumn.Comparer<List<string>>());
        builder.Property(p => p.Retraining).HasConversion((Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter)JsonColumn.Converter<RetrainingTrigger>(), JsonColumn.Comparer<RetrainingTrigger>());
        builder.Ignore(p => p.IsComplete);
        builder.Ignore(p => p.HasComputedMetrics);
        builder.Property(p => p.ActiveSlot).HasMaxLength(81);
        // One active plan per model and version (retired plans hold null, which the index does not constrain).
        builder.HasIndex(p => p.ActiveSlot).IsUnique();
        builder.HasIndex(p => new { p.Org, p.Id });
        builder.HasIndex(p => new { p.ModelId, p.Status });
        // The scheduler reads only the active plans whose next window is due.
        builder.HasIndex(p => new { p.Status, p.NextWindowEnd });
    }
}
