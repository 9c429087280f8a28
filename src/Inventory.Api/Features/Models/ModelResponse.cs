using ModelRisk.Inventory.Models;

namespace ModelRisk.Inventory.Features.Models;

/// <summary>A model as the API shows it; <c>approvedVersionId</c> is the version a review approved, while the approval stands.</summary>
public sealed record ModelResponse(
    string Id,
    string Org,
    string Key,
    string Name,
    string? Description,
    string Owner,
    string? DeveloperTeam,
    string? IntendedUse,
    IReadOnlyList<string> Restrictions,
    ModelType ModelType,
    Sourcing Sourcing,
    string? VendorName,
    IReadOnlyList<string> UpstreamDependencies,
    IReadOnlyList<string> LineageUris,
    IReadOnlyList<DeploymentEndpoint> DeploymentEndpoints,
    IReadOnlyList<MonitoringLink> MonitoringLinks,
    IReadOnlyList<string> Tags,
    LifecycleStatus LifecycleStatus,
    IReadOnlyList<LifecycleStatus> AllowedTransitions,
    RiskTierResponse RiskTier,
    string? ApprovedVersionId,
    string? ApprovedByReviewId,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    string UpdatedBy,
    DateTimeOffset UpdatedAt,
    long Revision)
{
    public static ModelResponse From(ModelRecord m) => new(
        m.Id, m.Org, m.Key, m.Name, m.Description, m.Owner, m.DeveloperTeam, m.IntendedUse, m.Restrictions, m.ModelType, m.Sourcing,
        m.VendorName, m.UpstreamDependencies, m.LineageUris, m.DeploymentEndpoints, m.MonitoringLinks, m.Tags, m.LifecycleStatus,
        Lifecycle.NextStates(m.LifecycleStatus), new RiskTierResponse(m.RiskTier, m.RiskTierRationale, m.RiskTierSetBy, m.RiskTierSetAt),
        m.ApprovedVersionId, m.ApprovedByReviewId,
        m.CreatedBy, m.CreatedAt, m.UpdatedBy, m.UpdatedAt, m.Revision);
}
