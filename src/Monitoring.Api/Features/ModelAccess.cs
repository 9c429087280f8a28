using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ModelRisk.Monitoring.Data;
using ModelRisk.Monitoring.Models.Inventory;
using ModelRisk.ServiceDefaults;
using ModelRisk.ServiceDefaults.Identity;

namespace ModelRisk.Monitoring.Features;

/// <summary>
/// The model a request names, as Monitoring knows it from Inventory's events, if the caller may see it (else 404, so
/// another org's model ids are not disclosed) and may act on it in its org (else 403).
/// </summary>
public static class ModelAccess
{
    /// <summary>Roles that write monitoring data across orgs: risk analysts and platform admins keep plans for every team.</summary>
    public static readonly string[] CrossOrgPlanWriters = [PlatformRoles.RiskAnalyst, PlatformRoles.PlatformAdmin];

    public static async Task<(MonitoredModel? Model, ProblemHttpResult? Problem)> ForWriteAsync(MonitoringDbContext db, string modelId, ClaimsPrincipal caller,
        IReadOnlyCollection<string> crossOrgWriters, string action, CancellationToken ct)
    {
        var model = await db.Models.AsNoTracking().FirstOrDefaultAsync(m => m.ModelId == modelId, ct);
        if (model is null || !caller.ReadScope().Includes(model.Org))
        {
            return (null, ApiProblems.NotFound(
                $"Model '{modelId}' is not one Monitoring knows in your orgs. A model registered in the inventory a moment ago reaches Monitoring within seconds."));
        }
        if (!caller.WriteScope(crossOrgWriters).Includes(model.Org))
        {
            return (null, ApiProblems.Forbidden($"You may {action} only for models of your orgs ({string.Join(", ", caller.Orgs())})."));
        }
        return (model, null);
    }
}
