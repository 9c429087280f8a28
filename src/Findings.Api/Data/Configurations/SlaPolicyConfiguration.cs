using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModelRisk.Findings.Models.Sla;
using ModelRisk.ServiceKit.Data;

namespace ModelRisk.Findings.Data.Configurations;

public sealed class SlaPolicyConfiguration : IEntityTypeConfiguration<SlaPolicy>
{
    public void Configure(EntityTypeBuilder<SlaPolicy> builder)
    {
        builder.ToTable("sla_policies");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Org).HasMaxLength(64).IsRequired();
        builder.HasIndex(p => p.Org).IsUnique();
        builder.Property(p => p.UpdatedBy).HasMaxLength(255);
        builder.Property(p => p.Terms).HasConversion(JsonColumn.Converter<SlaTerms>(), JsonColumn.Comparer<SlaTerms>());
    }
}
