using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ModelRisk.Monitoring.Data;
using ModelRisk.Monitoring.Models.Plans;
using ModelRisk.ServiceDefaults.Identity;
using ModelRisk.ServiceKit.Http;

namespace ModelRisk.Monitoring.Features.Coverage;

public sealed record CoverageQuery(string? Org);

/// <summary>Per risk tier: models in production use, how many have an active plan and a complete one, and whether a complete plan is mandatory.</summary>
public sealed record TierCoverage(string Tier, bool Mandatory, int Models, int WithActivePlan, int WithCompletePlan, double CompleteShare);

/// <summary>A model of a mandatory tier without a complete plan, and what its plan misses.</summary>
public sealed record CoverageGap(string ModelId, string Org, string Key, string Name, string Tier, string Owner, string? PlanId, IReadOnlyList<string> Missing);

public sealed record CoverageResponse(DateTimeOffset At, string PolicyVersion, IReadOnlyList<string> MandatoryTiers, IReadOnlyList<TierCoverage> Tiers, IReadOnlyList<CoverageGap> Gaps);

public static class CoverageEndpoints
{
    /// <summary>Retired models need no monitoring; every other model counts, from proposal to suspension.</summary>
    private static readonly string[] NotInUse = ["Retired"];

    public static IEndpointRouteBuilder MapCoverageEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/monitoring/coverage", Get).WithTags("Coverage").WithName("GetMonitoringCoverage")
            .WithSummary("Monitoring coverage by risk tier in your orgs (or one org): models with an active and a complete plan, and the models of the "
                + "tiers whose policy makes a complete plan mandatory that lack one, with what they miss.")
            .RequireAuthorization(PlatformPolicies.MonitoringRead);
        return app;
    }

    internal static async Task<Results<Ok<CoverageResponse>, ValidationProblem>> Get([AsParameters] CoverageQuery query, ClaimsPrincipal caller,
        MonitoringDbContext db, IOptions<MonitoringOptions> options, TimeProvider time, CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (query.Org is not null && !FieldErrors.IsSlug(query.Org))
        {
            errors.Add("org", "An org slug.");
        }
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        var scope = caller.ReadScope();
        var models = db.Models.AsNoTracking().Where(m => !NotInUse.Contains(m.Lifecycle));
        if (!scope.AllOrgs)
        {
            var orgs = scope.Orgs.ToArray();
            models = models.Where(m => orgs.Contains(m.Org));
        }
        if (query.Org is { } org)
        {
            models = models.Where(m => m.Org == org);
        }
        var inUse = await models.ToListAsync(ct);
        var ids = inUse.Select(m => m.ModelId).ToList();
        var plans = await db.Plans.AsNoTracking().Where(p => p.Status == PlanStatus.Active && ids.Contains(p.ModelId)).ToListAsync(ct);
        var byModel = plans.GroupBy(p => p.ModelId).ToDictionary(g => g.Key, g => g.ToList());
        var published = await db.MandatoryTiers.AsNoTracking().FirstOrDefaultAsync(ct);
        var mandatory = published?.Tiers ?? options.Value.MandatoryTiers;
        var tiers = inUse.GroupBy(m => m.RiskTier.Length == 0 ? "Unassigned" : m.RiskTier).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
        {
            var total = g.Count();
            var active = g.Count(m => byModel.ContainsKey(m.ModelId));
            var complete = g.Count(m => byModel.TryGetValue(m.ModelId, out var ps) && ps.Any(p => p.IsComplete));
            return new TierCoverage(g.Key, mandatory.Contains(g.Key), total, active, complete, total == 0 ? 0 : Math.Round((double)complete / total, 4));
        }).ToList();
        var gaps = inUse.Where(m => mandatory.Contains(m.RiskTier) && !(byModel.TryGetValue(m.ModelId, out var ps) && ps.Any(p => p.IsComplete)))
            .OrderBy(m => m.Org, StringComparer.Ordinal).ThenBy(m => m.Key, StringComparer.Ordinal)
            .Select(m =>
            {
                var plan = byModel.TryGetValue(m.ModelId, out var ps) ? ps[0] : null;
                return new CoverageGap(m.ModelId, m.Org, m.Key, m.Name, m.RiskTier, m.Owner, plan?.Id,
                    plan is null ? ["a monitoring plan"] : Plans.PlanValidation.MissingForCompleteness(plan));
            }).ToList();
        return TypedResults.Ok(new CoverageResponse(time.GetUtcNow(), published?.PolicyVersion ?? "2026.1 (shipped)", mandatory, tiers, gaps));
    }
}
