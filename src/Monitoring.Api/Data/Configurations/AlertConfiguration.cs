using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModelRisk.Monitoring.Models.Alerts;
using ModelRisk.Monitoring.Models.Points;

namespace ModelRisk.Monitoring.Data.Configurations;

public sealed class AlertConfiguration : IEntityTypeConfiguration<Alert>
{
    public void Configure(EntityTypeBuilder<Alert> builder)
    {
        builder.ToTable("alerts");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Org).HasMaxLength(64).IsRequired();
        builder.Property(a => a.PlanId).HasMaxLength(40).IsRequired();
        builder.Property(a => a.ModelId).HasMaxLength(40).IsRequired();
        builder.Property(a => a.Metric).HasMaxLength(100).IsRequired();
        builder.Property(a => a.Series).HasMaxLength(SeriesLabels.MaxLength);
        builder.Property(a => a.Column).HasMaxLength(SeriesLabels.MaxValueLength);
        builder.Property(a => a.Severity).HasConversion<string>().HasMaxLength(16);
        builder.Property(a => a.State).HasConversion<string>().HasMaxLength(16);
        builder.Property(a => a.AcknowledgedBy).HasMaxLength(255);
        builder.Property(a => a.FindingSourceKey).HasMaxLength(300);
        builder.HasIndex(a => new { a.Org, a.Id });
        builder.HasIndex(a => new { a.ModelId, a.State });
        builder.HasIndex(a => a.PlanId);
    }
}

public sealed class BreachTrackerConfiguration : IEntityTypeConfiguration<BreachTracker>
{
    public void Configure(EntityTypeBuilder<BreachTracker> builder)
    {
        builder.ToTable("breach_trackers");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.PlanId).HasMaxLength(40).IsRequired();
        builder.Property(t => t.Metric).HasMaxLength(100).IsRequired();
        builder.Property(t => t.Series).HasMaxLength(SeriesLabels.MaxLength);
        builder.Property(t => t.FiringAlertId).HasMaxLength(40);
        builder.HasIndex(t => t.PlanId);
    }
}
