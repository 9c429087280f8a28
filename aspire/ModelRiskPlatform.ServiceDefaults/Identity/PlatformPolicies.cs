using Microsoft.AspNetCore.Authorization;

namespace ModelRisk.ServiceDefaults.Identity;

/// <summary>
/// Authorization policies by role, shared by the gateway (per route) and the services (per endpoint)
/// so that both enforce the same rule from one definition.
/// </summary>
public static class PlatformPolicies
{
    /// <summary>Any signed-in platform user or integration.</summary>
    public const string Authenticated = "platform-user";
    public const string InventoryRead = "inventory-read";
    public const string InventoryWrite = "inventory-write";
    public const string RiskTierWrite = "risk-tier-write";

    /// <summary>Lifecycle moves: the writers, plus approvers (who may approve, hold or suspend, and nothing else).</summary>
    public const string LifecycleWrite = "inventory-lifecycle";

    public static void AddPlatformPolicies(this AuthorizationOptions options)
    {
        options.AddPolicy(Authenticated, p => p.RequireAuthenticatedUser().RequireRole(PlatformRoles.All));
        options.AddPolicy(InventoryRead, p => p.RequireAuthenticatedUser().RequireRole(
            PlatformRoles.ModelOwner, PlatformRoles.RiskAnalyst, PlatformRoles.Approver, PlatformRoles.Auditor,
            PlatformRoles.PlatformAdmin, PlatformRoles.Integration));
        options.AddPolicy(InventoryWrite, p => p.RequireAuthenticatedUser().RequireRole(
            PlatformRoles.ModelOwner, PlatformRoles.RiskAnalyst, PlatformRoles.PlatformAdmin, PlatformRoles.Integration));
        options.AddPolicy(LifecycleWrite, p => p.RequireAuthenticatedUser().RequireRole(
            PlatformRoles.ModelOwner, PlatformRoles.RiskAnalyst, PlatformRoles.PlatformAdmin, PlatformRoles.Integration, PlatformRoles.Approver));
        options.AddPolicy(RiskTierWrite, p => p.RequireAuthenticatedUser().RequireRole(PlatformRoles.RiskAnalyst));
    }
}
