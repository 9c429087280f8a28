using ModelRisk.Inventory.Models;

namespace ModelRisk.Inventory.Features.Models;

public sealed record VersionResponse(string Id, string Version, string ArtifactUri, string? TrainingDataReference, string CreatedBy, DateTimeOffset CreatedAt)
{
    public static VersionResponse From(ModelVersion v) => new(v.Id, v.Version, v.ArtifactUri, v.TrainingDataReference, v.CreatedBy, v.CreatedAt);
}

public sealed record RiskTierResponse(RiskTier Tier, string? Rationale, string? SetBy, DateTimeOffset? SetAt);

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
        m.CreatedBy, m.CreatedAt, m.UpdatedBy, m.UpdatedAt, m.Revision);
}

public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);
