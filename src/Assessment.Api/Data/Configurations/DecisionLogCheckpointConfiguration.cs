using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModelRisk.Assessment.Models.Log;
using ModelRisk.Assessment.Models.Mra;
using ModelRisk.Assessment.Models.Tiering;

namespace ModelRisk.Assessment.Data.Configurations;

public sealed class DecisionLogCheckpointConfiguration : IEntityTypeConfiguration<DecisionLogCheckpoint>
{
    public void Configure(EntityTypeBuilder<DecisionLogCheckpoint> builder)
    {
        builder.ToTable("decision_log_checkpoints");
        builder.HasKey(c => new { c.Org, c.Sequence });
        builder.Property(c => c.Org).HasMaxLength(64);
        builder.Property(c => c.HeadHash).HasMaxLength(64).IsFixedLength();
        builder.Property(c => c.KeyId).HasMaxLength(16);
        builder.Property(c => c.Signature).HasMaxLength(200);
    }
}
