using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModelRisk.Assessment.Models.Reviews;

namespace ModelRisk.Assessment.Data.Configurations;

public sealed class ReviewConfiguration : IEntityTypeConfiguration<Review>
{
    public void Configure(EntityTypeBuilder<Review> builder)
    {
        builder.ToTable("reviews");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Org).HasMaxLength(64).IsRequired();
        builder.Property(r => r.ModelId).HasMaxLength(40).IsRequired();
        builder.Property(r => r.ModelName).HasMaxLength(200);
        builder.Property(r => r.ModelVersionId).HasMaxLength(40).IsRequired();
        builder.Property(r => r.ModelVersion).HasMaxLength(100);
        builder.Property(r => r.Kind).HasConversion<string>().HasMaxLength(32);
        builder.Property(r => r.State).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.Tier).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.PolicyVersion).HasMaxLength(32);
        builder.Property(r => r.TieringId).HasMaxLength(40);
        builder.Property(r => r.ModelRegistrant).HasMaxLength(200);
        builder.Property(r => r.OwnerAtReview).HasMaxLength(200);
        builder.Property(r => r.Validator).HasMaxLength(200);
        builder.Property(r => r.CreatedBy).HasMaxLength(200);
        builder.PrimitiveCollection(r => r.RequiredEvidence);
        builder.PrimitiveCollection(r => r.QuorumRoles);
        builder.PrimitiveCollection(r => r.VersionAuthors);
        builder.PrimitiveCollection(r => r.Submitters);
        builder.HasIndex(r => new { r.Org, r.Id });
        builder.HasIndex(r => r.ModelId);
        builder.HasIndex(r => r.State);
        builder.HasIndex(r => r.RenewalDue);
        builder.Ignore(r => r.Quorum);
        builder.Ignore(r => r.Facts);
        builder.OwnsMany(r => r.Evidence, e => e.ToJson("evidence"));
        builder.Navigation(r => r.Evidence).HasField("_evidence").UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.OwnsMany(r => r.Transitions, t =>
        {
            t.ToJson("transitions");
            t.Property(x => x.From).HasConversion<string>();
            t.Property(x => x.To).HasConversion<string>();
        });
        builder.Navigation(r => r.Transitions).HasField("_transitions").UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.OwnsOne(r => r.Decision, ConfigureDecision("decision"));
        builder.OwnsMany(r => r.PastDecisions, ConfigureDecision("past_decisions"));
        builder.Navigation(r => r.PastDecisions).HasField("_pastDecisions").UsePropertyAccessMode(PropertyAccessMode.Field);
    }

    private static Action<OwnedNavigationBuilder<Review, Decision>> ConfigureDecision(string column) => d =>
    {
        d.ToJson(column);
        d.Property(x => x.Outcome).HasConversion<string>();
        d.Ignore(x => x.Approves);
        d.OwnsMany(x => x.Signatures);
        d.OwnsMany(x => x.Conditions);
        d.OwnsMany(x => x.RiskAcceptances);
    };
}
