using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModelRisk.Findings.Models.Findings;
using ModelRisk.Findings.Models.Incidents;
using ModelRisk.ServiceKit.Data;

namespace ModelRisk.Findings.Data.Configurations;

public sealed class IncidentConfiguration : IEntityTypeConfiguration<Incident>
{
    public void Configure(EntityTypeBuilder<Incident> builder)
    {
        builder.ToTable("incidents");
        builder.HasKey(i => i.Id);
        builder.Property(i => i.Org).HasMaxLength(64).IsRequired();
        builder.Property(i => i.ModelId).HasMaxLength(40).IsRequired();
        builder.Property(i => i.Title).HasMaxLength(Finding.TitleMaxLength).IsRequired();
        builder.Property(i => i.Description).HasMaxLength(Finding.TextMaxLength);
        builder.Property(i => i.Severity).HasConversion<string>().HasMaxLength(16);
        builder.Property(i => i.ReportedBy).HasMaxLength(Finding.ActorMaxLength);
        builder.Property(i => i.ReportReference).HasMaxLength(200);
        builder.Property(i => i.BlastRadius).HasConversion(JsonColumn.Converter<BlastRadius>(), JsonColumn.Comparer<BlastRadius>());
        builder.PrimitiveCollection(i => i.CorrectiveActionFindingIds);
        builder.Ignore(i => i.TimeToMitigate);
        builder.HasIndex(i => new { i.Org, i.Id });
        builder.HasIndex(i => i.NextSweepAt);
        builder.OwnsOne(i => i.Mitigation, m =>
        {
            m.ToJson("mitigation");
            m.Property(x => x.Kind).HasConversion<string>();
        });
        builder.OwnsOne(i => i.Postmortem, p => p.ToJson("postmortem"));
        builder.OwnsOne(i => i.RegulatoryScope, r => r.ToJson("regulatory_scope"));
        builder.OwnsMany(i => i.Timeline, t => t.ToJson("timeline"));
        builder.Navigation(i => i.Timeline).HasField("_timeline").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}
