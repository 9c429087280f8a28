using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModelRisk.Assessment.Models.Log;
using ModelRisk.Assessment.Models.Mra;
using ModelRisk.Assessment.Models.Tiering;

namespace ModelRisk.Assessment.Data.Configurations;

public sealed class DecisionLogEntryConfiguration : IEntityTypeConfiguration<DecisionLogEntry>
{
    public void Configure(EntityTypeBuilder<DecisionLogEntry> entry)
    {
        entry.ToTable("decision_log");
        // The key is the chain position: a second writer of the same position is refused, never interleaved.
        entry.HasKey(e => new { e.Org, e.Sequence });
        entry.Property(e => e.Org).HasMaxLength(64);
        entry.Property(e => e.Kind).HasMaxLength(32);
        entry.Property(e => e.Subject).HasMaxLength(40);
        entry.Property(e => e.Actor).HasMaxLength(200);
        entry.Property(e => e.PreviousHash).HasMaxLength(64).IsFixedLength();
        entry.Property(e => e.Hash).HasMaxLength(64).IsFixedLength();
    }
}

public sealed class DecisionLogCheckpointConfiguration : IEntityTypeConfiguration<DecisionLogCheckpoint>
{
    public void Configure(EntityTypeBuilder<DecisionLogCheckpoint> checkpoint)
    {
        checkpoint.ToTable("decision_log_checkpoints");
        checkpoint.HasKey(c => new { c.Org, c.Sequence });
        checkpoint.Property(c => c.Org).HasMaxLength(64);
        checkpoint.Property(c => c.HeadHash).HasMaxLength(64).IsFixedLength();
        checkpoint.Property(c => c.KeyId).HasMaxLength(16);
        checkpoint.Property(c => c.Signature).HasMaxLength(200);
    }
}

public sealed class MraRevisionConfiguration : IEntityTypeConfiguration<MraRevision>
{
    public void Configure(EntityTypeBuilder<MraRevision> revision)
    {
        revision.ToTable("mra_revisions");
        revision.HasKey(r => new { r.ReviewId, r.Number });
        revision.Property(r => r.ReviewId).HasMaxLength(40);
        revision.Property(r => r.Org).HasMaxLength(64);
        revision.Property(r => r.Author).HasMaxLength(200);
    }
}

public sealed class PublishedPolicyConfiguration : IEntityTypeConfiguration<PublishedPolicy>
{
    public void Configure(EntityTypeBuilder<PublishedPolicy> policy)
    {
        policy.ToTable("tiering_policies");
        policy.HasKey(p => p.Version);
        policy.Property(p => p.Version).HasMaxLength(32);
        policy.Property(p => p.PublishedBy).HasMaxLength(200);
        policy.HasIndex(p => p.PublishedAt);
    }
}
