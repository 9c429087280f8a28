namespace ModelRisk.Inventory.Models;

/// <summary>The fields of a model its owners edit (everything but identity, lifecycle, tier, versions and audit).</summary>
public sealed record ModelDetails(
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
    IReadOnlyList<string> Tags)
{
    /// <summary>The starting point a registration's fields are merged onto.</summary>
    public static readonly ModelDetails Empty = new("", null, "", null, null, [], ModelType.Classification, Sourcing.InHouse, null, [], [], [], [], []);

    public IReadOnlyList<string> ChangedFields(ModelDetails other)
    {
        var changed = new List<string>();
        if (Name != other.Name) changed.Add("name");
        if (Description != other.Description) changed.Add("description");
        if (Owner != other.Owner) changed.Add("owner");
        if (DeveloperTeam != other.DeveloperTeam) changed.Add("developerTeam");
        if (IntendedUse != other.IntendedUse) changed.Add("intendedUse");
        if (!Restrictions.SequenceEqual(other.Restrictions)) changed.Add("restrictions");
        if (ModelType != other.ModelType) changed.Add("modelType");
        if (Sourcing != other.Sourcing) changed.Add("sourcing");
        if (VendorName != (other.Sourcing == Sourcing.Vendor ? other.VendorName : null)) changed.Add("vendorName");
        if (!UpstreamDependencies.SequenceEqual(other.UpstreamDependencies)) changed.Add("upstreamDependencies");
        if (!LineageUris.SequenceEqual(other.LineageUris)) changed.Add("lineageUris");
        if (!DeploymentEndpoints.SequenceEqual(other.DeploymentEndpoints)) changed.Add("deploymentEndpoints");
        if (!MonitoringLinks.SequenceEqual(other.MonitoringLinks)) changed.Add("monitoringLinks");
        if (!Tags.SequenceEqual(other.Tags.Select(t => t.ToLowerInvariant()).Distinct(StringComparer.Ordinal))) changed.Add("tags");
        return changed;
    }
}
