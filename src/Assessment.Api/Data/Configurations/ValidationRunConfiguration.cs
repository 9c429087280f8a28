using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModelRisk.Assessment.Models.Runs;

namespace ModelRisk.Assessment.Data.Configurations;

public sealed class ValidationRunConfiguration : IEntityTypeConfiguration<ValidationRun>
{
    public void Configure(EntityTypeBuilder<ValidationRun> builder)
    {
        builder.ToTable("validation_runs");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).HasMaxLength(40);
        builder.Property(r => r.Org).HasMaxLength(64).IsRequired();
        builder.Property(r => r.ReviewId).HasMaxLength(40).IsRequired();
        builder.Property(r => r.ModelId).HasMaxLength(40).IsRequired();
        builder.Property(r => r.ModelVersionId).HasMaxLength(40).IsRequired();
        builder.Property(r => r.ModelOwner).HasMaxLength(255);
        builder.Property(r => r.DatasetId).HasMaxLength(40).IsRequired();
        builder.Property(r => r.ReferenceDatasetId).HasMaxLength(40);
        builder.Property(r => r.ScoreColumn).HasMaxLength(200).IsRequired();
        builder.Property(r => r.LabelColumn).HasMaxLength(200).IsRequired();
        builder.Property(r => r.GroupColumn).HasMaxLength(200);
        builder.PrimitiveCollection(r => r.DriftColumns);
        builder.Property(r => r.PlanName).HasMaxLength(200);
        builder.Property(r => r.JobSpecJson).IsRequired();
        builder.Property(r => r.State).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.ResultSha256).HasMaxLength(64);
        builder.Property(r => r.ReportKey).HasMaxLength(400);
        builder.Property(r => r.FailureReason).HasMaxLength(ValidationRun.MaxReasonLength);
        builder.Property(r => r.SubmittedBy).HasMaxLength(255);
        builder.Property(r => r.CancelledBy).HasMaxLength(255);
        builder.HasIndex(r => new { r.Org, r.Id });
        builder.HasIndex(r => r.ReviewId);
        builder.HasIndex(r => r.ModelId);
        builder.Ignore(r => r.IsFinished);
        builder.Ignore(r => r.JobSpec);
        builder.OwnsMany(r => r.Tests, t => t.ToJson("tests"));
        builder.Navigation(r => r.Tests).HasField("_tests").UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.HasMany(r => r.Shards).WithOne().HasForeignKey(s => s.RunId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(r => r.Shards).HasField("_shards").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}
