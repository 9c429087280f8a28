using Microsoft.EntityFrameworkCore;
using ModelRisk.Assessment.Data;
using ModelRisk.Assessment.Models.Tiering;

namespace ModelRisk.Assessment.Features.Policies;

/// <summary>The tiering policy in force: the latest version a platform admin published, else the shipped one.</summary>
public sealed class TieringPolicies(AssessmentDbContext db)
{
    private static readonly TieringPolicy Shipped = TieringPolicyLoader.Shipped();

    public async Task<TieringPolicy> CurrentAsync(CancellationToken ct)
    {
        // A handful of rows; ordered here because SQLite cannot order by a DateTimeOffset column.
        var latest = (await db.Policies.AsNoTracking().ToListAsync(ct)).MaxBy(p => p.PublishedAt);
        return latest is null ? Shipped : TieringPolicyLoader.Parse(latest.Json).Policy ?? Shipped;
    }

    public async Task<TieringPolicy?> FindAsync(string version, CancellationToken ct)
    {
        if (version == Shipped.Version)
        {
            return Shipped;
        }
        var stored = await db.Policies.AsNoTracking().FirstOrDefaultAsync(p => p.Version == version, ct);
        return stored is null ? null : TieringPolicyLoader.Parse(stored.Json).Policy;
    }

    public static bool IsShipped(string version) => version == Shipped.Version;
}
