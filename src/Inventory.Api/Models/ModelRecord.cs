namespace ModelRisk.Inventory.Models;

public sealed record DeploymentEndpoint(string Environment, string Url, string? Region);

public sealed record MonitoringLink(string Label, string Url);

public sealed class ModelVersion
{
    public required string Id { get; init; }
    public required string ModelId { get; init; }
    public required string Version { get; init; }
    public required string ArtifactUri { get; init; }
    public string? TrainingDataReference { get; init; }
    public required string CreatedBy { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
}

/// <summary>
/// A model in the inventory: what it is, who owns it, where it runs, its lifecycle status and risk tier.
/// The rules of change live here; endpoints only translate requests into these calls.
/// </summary>
public sealed class ModelRecord
{
    private ModelRecord()
    {
    }

    public string Id { get; private set; } = "";
    public string Org { get; private set; } = "";
    public string Key { get; private set; } = "";
    public string Name { get; private set; } = "";
    public string? Description { get; private set; }
    public string Owner { get; private set; } = "";
    public string? DeveloperTeam { get; private set; }
    public string? IntendedUse { get; private set; }
    public List<string> Restrictions { get; private set; } = [];
    public ModelType ModelType { get; private set; }
    public Sourcing Sourcing { get; private set; }
    public string? VendorName { get; private set; }
    public List<string> UpstreamDependencies { get; private set; } = [];
    public List<string> LineageUris { get; private set; } = [];
    public List<DeploymentEndpoint> DeploymentEndpoints { get; private set; } = [];
    public List<MonitoringLink> MonitoringLinks { get; private set; } = [];
    public List<string> Tags { get; private set; } = [];
    public LifecycleStatus LifecycleStatus { get; private set; }
    public RiskTier RiskTier { get; private set; }
    public string? RiskTierRationale { get; private set; }
    public string? RiskTierSetBy { get; private set; }
    public DateTimeOffset? RiskTierSetAt { get; private set; }
    public List<ModelVersion> Versions { get; private set; } = [];
    public string CreatedBy { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
    public string UpdatedBy { get; private set; } = "";
    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>Incremented on every change; the ETag and the optimistic-concurrency token.</summary>
    public long Revision { get; private set; }

    public static ModelRecord Register(string id, ModelDetails details, string org, string key, string actor, DateTimeOffset now)
    {
        var model = new ModelRecord
        {
            Id = id,
            Org = org,
            Key = key,
            LifecycleStatus = LifecycleStatus.Proposed,
            RiskTier = RiskTier.Unassigned,
            CreatedBy = actor,
            CreatedAt = now,
            UpdatedBy = actor,
            UpdatedAt = now,
            Revision = 1,
        };
        model.Apply(details);
        return model;
    }

    /// <summary>Replaces the descriptive fields; returns the names of the fields that changed (empty: nothing to save).</summary>
    public IReadOnlyList<string> Update(ModelDetails details, string actor, DateTimeOffset now)
    {
        var before = Details;
        var changed = before.ChangedFields(details);
        if (changed.Count == 0)
        {
            return changed;
        }
        Apply(details);
        Touch(actor, now);
        return changed;
    }

    public ModelDetails Details => new(Name, Description, Owner, DeveloperTeam, IntendedUse, Restrictions, ModelType, Sourcing, VendorName,
        UpstreamDependencies, LineageUris, DeploymentEndpoints, MonitoringLinks, Tags);

    /// <summary>Moves the lifecycle, or says why the move is illegal.</summary>
    public string? MoveTo(LifecycleStatus to, string actor, DateTimeOffset now)
    {
        if (Lifecycle.WhyNot(LifecycleStatus, to) is { } reason)
        {
            return reason;
        }
        if (to is LifecycleStatus.Approved or LifecycleStatus.InProduction && RiskTier == RiskTier.Unassigned)
        {
            return $"A model cannot be {to} before a risk analyst assigns its risk tier.";
        }
        if (to == LifecycleStatus.InValidation && Versions.Count == 0)
        {
            return "A model enters validation with a version to validate; add a version first.";
        }
        LifecycleStatus = to;
        Touch(actor, now);
        return null;
    }

    public string? AssignRiskTier(RiskTier tier, string rationale, string actor, DateTimeOffset now)
    {
        if (LifecycleStatus == LifecycleStatus.Retired)
        {
            return "A retired model's risk tier cannot change.";
        }
        if (tier == RiskTier.Unassigned && LifecycleStatus is LifecycleStatus.Approved or LifecycleStatus.InProduction)
        {
            // The same rule MoveTo enforces on the way in: an approved or live model always has a tier.
            return $"A {LifecycleStatus} model keeps an assigned risk tier; assign another tier, or move the model back to validation first.";
        }
        RiskTier = tier;
        RiskTierRationale = rationale;
        RiskTierSetBy = actor;
        RiskTierSetAt = now;
        Touch(actor, now);
        return null;
    }

    public (ModelVersion? Version, string? Refusal) AddVersion(string versionId, string version, string artifactUri, string? trainingDataReference, string actor, DateTimeOffset now)
    {
        if (LifecycleStatus == LifecycleStatus.Retired)
        {
            return (null, "A retired model takes no new versions.");
        }
        if (Versions.Any(v => string.Equals(v.Version, version, StringComparison.Ordinal)))
        {
            return (null, $"Version '{version}' already exists for this model.");
        }
        var added = new ModelVersion
        {
            Id = versionId,
            ModelId = Id,
            Version = version,
            ArtifactUri = artifactUri,
            TrainingDataReference = trainingDataReference,
            CreatedBy = actor,
            CreatedAt = now,
        };
        Versions.Add(added);
        Touch(actor, now);
        return (added, null);
    }

    private void Apply(ModelDetails d)
    {
        Name = d.Name;
        Description = d.Description;
        Owner = d.Owner;
        DeveloperTeam = d.DeveloperTeam;
        IntendedUse = d.IntendedUse;
        Restrictions = [.. d.Restrictions];
        ModelType = d.ModelType;
        Sourcing = d.Sourcing;
        VendorName = d.Sourcing == Sourcing.Vendor ? d.VendorName : null;
        UpstreamDependencies = [.. d.UpstreamDependencies];
        LineageUris = [.. d.LineageUris];
        DeploymentEndpoints = [.. d.DeploymentEndpoints];
        MonitoringLinks = [.. d.MonitoringLinks];
        Tags = [.. d.Tags.Select(t => t.ToLowerInvariant()).Distinct(StringComparer.Ordinal)];
    }

    private void Touch(string actor, DateTimeOffset now)
    {
        UpdatedBy = actor;
        UpdatedAt = now;
        Revision++;
    }
}

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
