using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModelRisk.ServiceKit.Data;
using ModelRisk.Monitoring.Models.Inventory;
using ModelRisk.Monitoring.Models.Logs;

namespace ModelRisk.Monitoring.Data.Configurations;

public sealed class LogObjectConfiguration : IEntityTypeConfiguration<LogObject>
{
    public void Configure(EntityTypeBuilder<LogObject> builder)
    {
        builder.ToTable("log_objects");
        builder.HasKey(o => o.Key);
        builder.Property(o => o.Key).HasMaxLength(512);
        builder.Property(o => o.Org).HasMaxLength(64).IsRequired();
        builder.Property(o => o.ModelId).HasMaxLength(40).IsRequired();
        builder.Property(o => o.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(o => o.BatchId).HasMaxLength(100).IsRequired();
        builder.Property(o => o.Sha256).HasMaxLength(64).IsRequired();
        builder.HasIndex(o => new { o.ModelId, o.Kind, o.BatchId });
        // A window's job lists the objects whose rows overlap it.
        builder.HasIndex(o => new { o.ModelId, o.Kind, o.MinAt, o.MaxAt });
    }
}

public sealed class LogBatchConfiguration : IEntityTypeConfiguration<LogBatch>
{
    public void Configure(EntityTypeBuilder<LogBatch> builder)
    {
        builder.ToTable("log_batches");
        // The claim: one row per model, kind and batch id.
        builder.HasKey(b => new { b.ModelId, b.Kind, b.BatchId });
        builder.Property(b => b.ModelId).HasMaxLength(40);
        builder.Property(b => b.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(b => b.BatchId).HasMaxLength(100);
        builder.Property(b => b.Org).HasMaxLength(64).IsRequired();
        builder.Property(b => b.Sha256).HasMaxLength(64).IsRequired();
    }
}

public sealed class MonitoredModelConfiguration : IEntityTypeConfiguration<MonitoredModel>
{
    public void Configure(EntityTypeBuilder<MonitoredModel> builder)
    {
        builder.ToTable("models");
        builder.HasKey(m => m.ModelId);
        builder.Property(m => m.ModelId).HasMaxLength(40);
        builder.Property(m => m.Org).HasMaxLength(64).IsRequired();
        builder.Property(m => m.Key).HasMaxLength(100);
        builder.Property(m => m.Name).HasMaxLength(200);
        builder.Property(m => m.Owner).HasMaxLength(255);
        builder.Property(m => m.RiskTier).HasMaxLength(16);
        builder.Property(m => m.Lifecycle).HasMaxLength(24);
        builder.HasIndex(m => new { m.Org, m.RiskTier });
    }
}

public sealed class MandatoryTiersConfiguration : IEntityTypeConfiguration<MandatoryTiers>
{
    public void Configure(EntityTypeBuilder<MandatoryTiers> builder)
    {
        builder.ToTable("mandatory_tiers");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Id).HasMaxLength(16);
        builder.Property(t => t.PolicyVersion).HasMaxLength(64).IsRequired();
        builder.Property(t => t.Tiers).HasConversion(JsonColumn.Converter<List<string>>(), JsonColumn.Comparer<List<string>>());
    }
}
