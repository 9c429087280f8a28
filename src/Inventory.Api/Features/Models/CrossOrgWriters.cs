using ModelRisk.Inventory.Models;
using ModelRisk.ServiceDefaults.Identity;

namespace ModelRisk.Inventory.Features.Models;

/// <summary>
/// Per write, the roles that may make it in an org outside their <c>org</c> claim (ADR 035). Everyone else, whatever
/// else they may read, writes only in their own orgs.
/// </summary>
public static class CrossOrgWriters
{
    /// <summary>Registering, editing, versioning and importing models: the platform admin keeps the inventory as a whole.</summary>
    public static readonly IReadOnlyList<string> Records = [PlatformRoles.PlatformAdmin];

    /// <summary>
    /// Lifecycle moves: approvers work across orgs, but only their own moves (approve, hold, suspend) are theirs to
    /// make there; <see cref="Lifecycle.WhyNotPermitted"/> decides which move a role may make.
    /// </summary>
    public static readonly IReadOnlyList<string> Lifecycle = [PlatformRoles.Approver, PlatformRoles.PlatformAdmin];
}
