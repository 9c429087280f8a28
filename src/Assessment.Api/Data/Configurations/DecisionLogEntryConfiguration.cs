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
