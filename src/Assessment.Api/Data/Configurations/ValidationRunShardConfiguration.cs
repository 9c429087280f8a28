using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModelRisk.Assessment.Models.Runs;

namespace ModelRisk.Assessment.Data.Configurations;

public sealed class ValidationRunShardConfiguration : IEntityTypeConfiguration<ValidationRunShard>
{
    public void Configure(EntityTypeBuilder<ValidationRunShard> builder)
    {
        builder.ToTable("validation_run_shards");
        builder.HasKey(s => new { s.RunId, s.Index });
        builder.Property(s => s.RunId).HasMaxLength(40);
        builder.Property(s => s.Unit).HasMaxLength(16).IsRequired();
        builder.Property(s => s.Worker).HasMaxLength(255);
    }
}
