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

    // Scoped like the DbContext: a page of tierings made under one version reads and parses that version once.
    private readonly Dictionary<string, TieringPolicy?> _byVersion = new(StringComparer.Ordinal);

    public async Task<TieringPolicy?> FindAsync(string version, CancellationToken ct)
    {
        if (version == Shipped.Version)
        {
            return Shipped;
        }
        if (!_byVersion.TryGetValue(version, out var policy))
        {
            var stored = await db.Policies.AsNoTracking().FirstOrDefaultAsync(p => p.Version == version, ct);
            policy = stored is null ? null : TieringPolicyLoader.Parse(stored.Json).Policy;
            _byVersion[version] = policy;
        }
        return policy;
    }

    /// <summary>The policy a tiering or review was made under; the one in force if that version cannot be read.</summary>
    public async Task<TieringPolicy> UsedForAsync(string version, CancellationToken ct) =>
        await FindAsync(version, ct) ?? await CurrentAsync(ct);

    public static bool IsShipped(string version) => version == Shipped.Version;
}
