using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModelRisk.Assessment.Models.Reviews;

namespace ModelRisk.Assessment.Data.Configurations;

public sealed class ReviewConfiguration : IEntityTypeConfiguration<Review>
{
    public void Configure(EntityTypeBuilder<Review> review)
    {
        review.ToTable("reviews");
        review.HasKey(r => r.Id);
        review.Property(r => r.Org).HasMaxLength(64).IsRequired();
        review.Property(r => r.ModelId).HasMaxLength(40).IsRequired();
        review.Property(r => r.ModelName).HasMaxLength(200);
        review.Property(r => r.ModelVersionId).HasMaxLength(40).IsRequired();
        review.Property(r => r.ModelVersion).HasMaxLength(100);
        review.Property(r => r.Kind).HasConversion<string>().HasMaxLength(32);
        review.Property(r => r.State).HasConversion<string>().HasMaxLength(16);
        review.Property(r => r.Tier).HasConversion<string>().HasMaxLength(16);
        review.Property(r => r.PolicyVersion).HasMaxLength(32);
        review.Property(r => r.TieringId).HasMaxLength(40);
        review.Property(r => r.ModelRegistrant).HasMaxLength(200);
        review.Property(r => r.OwnerAtReview).HasMaxLength(200);
        review.Property(r => r.Validator).HasMaxLength(200);
        review.Property(r => r.CreatedBy).HasMaxLength(200);
        review.PrimitiveCollection(r => r.RequiredEvidence);
        review.PrimitiveCollection(r => r.QuorumRoles);
        review.PrimitiveCollection(r => r.VersionAuthors);
        review.PrimitiveCollection(r => r.Submitters);
        review.HasIndex(r => new { r.Org, r.Id });
        review.HasIndex(r => r.ModelId);
        review.HasIndex(r => r.State);
        review.HasIndex(r => r.RenewalDue);
        review.Ignore(r => r.Quorum);
        review.Ignore(r => r.Facts);
        review.OwnsMany(r => r.Evidence, e => e.ToJson("evidence"));
        review.Navigation(r => r.Evidence).HasField("_evidence").UsePropertyAccessMode(PropertyAccessMode.Field);
        review.OwnsMany(r => r.Transitions, t =>
        {
            t.ToJson("transitions");
            t.Property(x => x.From).HasConversion<string>();
            t.Property(x => x.To).HasConversion<string>();
        });
        review.Navigation(r => r.Transitions).HasField("_transitions").UsePropertyAccessMode(PropertyAccessMode.Field);
        review.OwnsOne(r => r.Decision, ConfigureDecision("decision"));
        review.OwnsMany(r => r.PastDecisions, ConfigureDecision("past_decisions"));
        review.Navigation(r => r.PastDecisions).HasField("_pastDecisions").UsePropertyAccessMode(PropertyAccessMode.Field);
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
