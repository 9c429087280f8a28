using ModelRisk.Inventory.Models;

namespace ModelRisk.Inventory.Features.Models;

/// <summary>
/// A partial update: a field left out (null) keeps its value; an optional text sent as "" is cleared;
/// a list given replaces the list (an empty list clears it).
/// </summary>
public record UpdateModelRequest
{
    public string? Name { get; init; }
    public string? Description { get; init; }
    public string? Owner { get; init; }
    public string? DeveloperTeam { get; init; }
    public string? IntendedUse { get; init; }
    public IReadOnlyList<string>? Restrictions { get; init; }
    public ModelType? ModelType { get; init; }
    public Sourcing? Sourcing { get; init; }
    public string? VendorName { get; init; }
    public IReadOnlyList<string>? UpstreamDependencies { get; init; }
    public IReadOnlyList<string>? LineageUris { get; init; }
    public IReadOnlyList<DeploymentEndpointInput>? DeploymentEndpoints { get; init; }
    public IReadOnlyList<MonitoringLinkInput>? MonitoringLinks { get; init; }
    public IReadOnlyList<string>? Tags { get; init; }

    public ModelDetails MergeInto(ModelDetails current) => new(
        Name ?? current.Name,
        Optional(Description, current.Description),
        Owner ?? current.Owner,
        Optional(DeveloperTeam, current.DeveloperTeam),
        Optional(IntendedUse, current.IntendedUse),
        Restrictions ?? current.Restrictions,
        ModelType ?? current.ModelType,
        Sourcing ?? current.Sourcing,
        Optional(VendorName, current.VendorName),
        UpstreamDependencies ?? current.UpstreamDependencies,
        LineageUris ?? current.LineageUris,
        DeploymentEndpoints?.Select(e => new DeploymentEndpoint(e.Environment ?? "", e.Url ?? "", e.Region)).ToList() ?? current.DeploymentEndpoints,
        MonitoringLinks?.Select(l => new MonitoringLink(l.Label ?? "", l.Url ?? "")).ToList() ?? current.MonitoringLinks,
        Tags ?? current.Tags);

    private static string? Optional(string? given, string? current) => given is null ? current : given.Trim().Length == 0 ? null : given;
}
