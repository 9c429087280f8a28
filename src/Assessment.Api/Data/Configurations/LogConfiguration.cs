using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModelRisk.Assessment.Models.Log;
using ModelRisk.Assessment.Models.Mra;
using ModelRisk.Assessment.Models.Tiering;

namespace ModelRisk.Assessment.Data.Configurations;

public sealed class DecisionLogEntryConfiguration : IEntityTypeConfiguration<DecisionLogEntry>
{
    public void Configure(EntityTypeBuilder<DecisionLogEntry> builder)
    {
        builder.ToTable("decision_log");
        // The key is the chain position: a second writer of the same position is refused, never interleaved.
        builder.HasKey(e => new { e.Org, e.Sequence });
        builder.Property(e => e.Org).HasMaxLength(64);
        builder.Property(e => e.Kind).HasMaxLength(32);
        builder.Property(e => e.Subject).HasMaxLength(40);
        builder.Property(e => e.Actor).HasMaxLength(200);
        builder.Property(e => e.PreviousHash).HasMaxLength(64).IsFixedLength();
        builder.Property(e => e.Hash).HasMaxLength(64).IsFixedLength();
    }
}

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

public sealed class MraRevisionConfiguration : IEntityTypeConfiguration<MraRevision>
{
    public void Configure(EntityTypeBuilder<MraRevision> builder)
    {
        builder.ToTable("mra_revisions");
        builder.HasKey(r => new { r.ReviewId, r.Number });
        builder.Property(r => r.ReviewId).HasMaxLength(40);
        builder.Property(r => r.Org).HasMaxLength(64);
        builder.Property(r => r.Author).HasMaxLength(200);
    }
}

public sealed class PublishedPolicyConfiguration : IEntityTypeConfiguration<PublishedPolicy>
{
    public void Configure(EntityTypeBuilder<PublishedPolicy> builder)
    {
        builder.ToTable("tiering_policies");
        builder.HasKey(p => p.Version);
        builder.Property(p => p.Version).HasMaxLength(32);
        builder.Property(p => p.PublishedBy).HasMaxLength(200);
    }
}
