using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModelRisk.Findings.Models.Findings;

namespace ModelRisk.Findings.Data.Configurations;

public sealed class FindingConfiguration : IEntityTypeConfiguration<Finding>
{
    public void Configure(EntityTypeBuilder<Finding> builder)
    {
        builder.ToTable("findings");
        builder.HasKey(f => f.Id);
        builder.Property(f => f.Org).HasMaxLength(64).IsRequired();
        builder.Property(f => f.ModelId).HasMaxLength(40).IsRequired();
        builder.Property(f => f.ModelVersionId).HasMaxLength(40);
        builder.Property(f => f.ReviewId).HasMaxLength(40);
        builder.Property(f => f.IncidentId).HasMaxLength(40);
        builder.Property(f => f.Source).HasConversion<string>().HasMaxLength(32);
        builder.Property(f => f.SourceKey).HasMaxLength(300).IsRequired();
        builder.Property(f => f.Title).HasMaxLength(Finding.TitleMaxLength).IsRequired();
        builder.Property(f => f.Description).HasMaxLength(Finding.TextMaxLength);
        builder.Property(f => f.Severity).HasConversion<string>().HasMaxLength(16);
        builder.Property(f => f.SeverityRationale).HasMaxLength(Finding.TextMaxLength);
        builder.Property(f => f.Owner).HasMaxLength(Finding.ActorMaxLength).IsRequired();
        builder.Property(f => f.State).HasConversion<string>().HasMaxLength(24);
        builder.Property(f => f.RemediationPlan).HasMaxLength(Finding.TextMaxLength);
        builder.Property(f => f.VerifiedBy).HasMaxLength(Finding.ActorMaxLength);
        builder.Property(f => f.CreatedBy).HasMaxLength(Finding.ActorMaxLength);
        builder.PrimitiveCollection(f => f.VerificationSteps);
        builder.PrimitiveCollection(f => f.Remediators);

        // The source key makes a duplicate impossible, whatever delivers it and however often (ADR 080).
        builder.HasIndex(f => f.SourceKey).IsUnique();
        builder.HasIndex(f => new { f.Org, f.Id });
        builder.HasIndex(f => new { f.Org, f.State });
        builder.HasIndex(f => f.ModelId);
        builder.HasIndex(f => f.Owner);
        // The sweep reads only what is due (ADR 083): an index range, not a scan of every open finding.
        builder.HasIndex(f => f.NextSweepAt);

        builder.OwnsOne(f => f.RiskAcceptance, a => a.ToJson("risk_acceptance"));
        builder.OwnsMany(f => f.History, h => h.ToJson("history"));
        builder.Navigation(f => f.History).HasField("_history").UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.OwnsMany(f => f.Comments, c => c.ToJson("comments"));
        builder.Navigation(f => f.Comments).HasField("_comments").UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.OwnsMany(f => f.Evidence, e => e.ToJson("evidence"));
        builder.Navigation(f => f.Evidence).HasField("_evidence").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}
