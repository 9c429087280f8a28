using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModelRisk.Contracts.Monitoring.V1;
using ModelRisk.Monitoring.Models.Evaluations;
using ModelRisk.ServiceKit.Data;

namespace ModelRisk.Monitoring.Data.Configurations;

public sealed class EvaluationConfiguration : IEntityTypeConfiguration<WindowEvaluation>
{
    public void Configure(EntityTypeBuilder<WindowEvaluation> builder)
    {
        builder.ToTable("evaluations");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).HasMaxLength(60);
        builder.Property(e => e.Org).HasMaxLength(64).IsRequired();
        builder.Property(e => e.PlanId).HasMaxLength(40).IsRequired();
        builder.Property(e => e.ModelId).HasMaxLength(40).IsRequired();
        builder.Property(e => e.State).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.Trigger).HasMaxLength(16);
        builder.Property(e => e.Worker).HasMaxLength(200);
        builder.Property(e => e.FailureReason).HasMaxLength(1000);
        builder.Property(e => e.Values).HasConversion(JsonColumn.Converter<List<WindowMetricValue>>(), JsonColumn.Comparer<List<WindowMetricValue>>());
        builder.HasIndex(e => new { e.PlanId, e.WindowStart });
    }
}
