using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModelRisk.Assessment.Models.Log;
using ModelRisk.Assessment.Models.Mra;
using ModelRisk.Assessment.Models.Tiering;

namespace ModelRisk.Assessment.Data.Configurations;

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
