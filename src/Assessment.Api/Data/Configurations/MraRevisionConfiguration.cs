using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModelRisk.Assessment.Models.Log;
using ModelRisk.Assessment.Models.Mra;
using ModelRisk.Assessment.Models.Tiering;

namespace ModelRisk.Assessment.Data.Configurations;

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
