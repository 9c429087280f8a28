using ModelRisk.Contracts.Inventory.V1;
using ModelRisk.ServiceKit.Domain;
using ModelRisk.ServiceKit.Http;

namespace ModelRisk.Inventory.Models;

/// <summary>
/// A model in the inventory: what it is, who owns it, where it runs, its lifecycle status and risk tier.
/// The rules of change live here, and every change raises its own event; endpoints and consumers only translate
/// requests and messages into these calls.
/// </summary>
public sealed class ModelRecord : Aggregate, IOrgOwned
{
    /// <summary>Where a model's approval comes from: a quorum decision on a review in Assessment.</summary>
    public const string ReviewsPath = "/api/assessment/reviews";

    /// <summary>The changes to an approved model that invalidate its approval (besides a new version).</summary>
    public static readonly IReadOnlySet<string> MaterialFields = new HashSet<string>(StringComparer.Ordinal) { "modelType", "intendedUse" };

    /// <summary>The longest risk-tier rationale the column holds.</summary>
    public const int RationaleMaxLength = 4000;

    private List<string> _restrictions = [];
    private List<string> _upstreamDependencies = [];
    private List<string> _lineageUris = [];
    private List<DeploymentEndpoint> _deploymentEndpoints = [];
    private List<MonitoringLink> _monitoringLinks = [];
    private List<string> _tags = [];
    private readonly List<ModelVersion> _versions = [];

    private ModelRecord()
    {
    }

    public string Org { get; private set; } = "";
    public string Key { get; private set; } = "";
    public string Name { get; private set; } = "";
    public string? Description { get; private set; }
    public string Owner { get; private set; } = "";
    public string? DeveloperTeam { get; private set; }
    public string? IntendedUse { get; private set; }
    public IReadOnlyList<string> Restrictions => _restrictions;
    public ModelType ModelType { get; private set; }
    public Sourcing Sourcing { get; private set; }
    public string? VendorName { get; private set; }
    public IReadOnlyList<string> UpstreamDependencies => _upstreamDependencies;
    public IReadOnlyList<string> LineageUris => _lineageUris;
    public IReadOnlyList<DeploymentEndpoint> DeploymentEndpoints => _deploymentEndpoints;
    public IReadOnlyList<MonitoringLink> MonitoringLinks => _monitoringLinks;
    public IReadOnlyList<string> Tags => _tags;
    public LifecycleStatus LifecycleStatus { get; private set; }
    public RiskTier RiskTier { get; private set; }
    public string? RiskTierRationale { get; private set; }
    public string? RiskTierSetBy { get; private set; }
    public DateTimeOffset? RiskTierSetAt { get; private set; }

    /// <summary>The version the current approval covers; null unless the model is Approved or in production on a review's decision.</summary>
    public string? ApprovedVersionId { get; private set; }

    /// <summary>The review whose decision approved <see cref="ApprovedVersionId"/>.</summary>
    public string? ApprovedByReviewId { get; private set; }

    /// <summary>Loaded only where a rule needs them (adding a version, entering validation, an approval).</summary>
    public IReadOnlyList<ModelVersion> Versions => _versions;

    public string CreatedBy { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
    public string UpdatedBy { get; private set; } = "";
    public DateTimeOffset UpdatedAt { get; private set; }

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
        };
        model.Apply(details);
        model.Stamp(actor, now);
        model.Raise(new ModelRegistered(model.Id, org, key, model.Name, model.ModelType.ToString(), model.Owner,
            model.LifecycleStatus.ToString(), model.RiskTier.ToString(), actor, now));
        return model;
    }

    public ModelDetails Details => new(Name, Description, Owner, DeveloperTeam, IntendedUse, Restrictions, ModelType, Sourcing, VendorName,
        UpstreamDependencies, LineageUris, DeploymentEndpoints, MonitoringLinks, Tags);

    /// <summary>
    /// Replaces the descriptive fields; returns the names of the fields that changed (empty: nothing to save). A material
    /// change to an approved or live model sends it back to validation: the approval covered what it was.
    /// </summary>
    public IReadOnlyList<string> Update(ModelDetails details, string actor, DateTimeOffset now)
    {
        var changed = Details.ChangedFields(details);
        if (changed.Count == 0)
        {
            return changed;
        }
        Apply(details);
        Stamp(actor, now);
        Raise(new ModelUpdated(Id, Org, Key, Revision, changed, actor, now, Name, Owner));
        var material = changed.Where(MaterialFields.Contains).ToList();
        if (material.Count > 0)
        {
            SendBackForReview($"A material change ({string.Join(", ", material)}) needs a new review of the approval.", actor, now);
        }
        return changed;
    }

    /// <summary>Why a person may not make this move with the lifecycle route: an approval is a review's decision, not a status edit.</summary>
    public static Refusal? WhyNotByHand(LifecycleStatus to) => to == LifecycleStatus.Approved
        ? Refusal.Conflict($"A model is approved only by a review's decision; open or decide a review at {ReviewsPath}.")
        : null;

    /// <summary>A move a person asks for; approval is refused here (see <see cref="Approve"/>).</summary>
    public Refusal? MoveTo(LifecycleStatus to, string? reason, string actor, DateTimeOffset now) =>
        WhyNotByHand(to) ?? Move(to, reason, actor, now);

    /// <summary>
    /// A review approved <paramref name="versionId"/> (Approve or ApproveWithConditions). The model must be in validation
    /// and the version its latest: an older version's approval does not cover what the model is now.
    /// </summary>
    public Refusal? Approve(string versionId, string reviewId, string outcome, string actor, DateTimeOffset now)
    {
        var version = _versions.FirstOrDefault(v => v.Id == versionId);
        if (version is null)
        {
            return Refusal.NotFound($"The model has no version '{versionId}'; review {reviewId} decided on a version Inventory does not know.");
        }
        var latest = _versions.OrderBy(v => v.CreatedAt).ThenBy(v => v.Id, StringComparer.Ordinal).Last();
        if (latest.Id != version.Id)
        {
            return Refusal.Conflict($"Review {reviewId} approved version {version.Version}, but the model's latest version is {latest.Version}; that version needs its own review.");
        }
        if (Move(LifecycleStatus.Approved, $"Review {reviewId} decided {outcome} for version {version.Version}.", actor, now) is { } refusal)
        {
            return refusal;
        }
        ApprovedVersionId = version.Id;
        ApprovedByReviewId = reviewId;
        return null;
    }

    /// <summary>A review rejected the model: a model in validation goes back to development for a new version.</summary>
    public Refusal? Reject(string reviewId, string rationale, string actor, DateTimeOffset now) =>
        LifecycleStatus == LifecycleStatus.InValidation
            ? Move(LifecycleStatus.InDevelopment, $"Review {reviewId} rejected the model: {rationale}", actor, now)
            : Refusal.IllegalTransition($"Review {reviewId} rejected the model, but it is {LifecycleStatus}, not in validation; its status is left as it is.");

    public Refusal? AssignRiskTier(RiskTier tier, string rationale, string actor, DateTimeOffset now)
    {
        if (LifecycleStatus == LifecycleStatus.Retired)
        {
            return Refusal.IllegalTransition("A retired model's risk tier cannot change.");
        }
        if (tier == RiskTier.Unassigned && LifecycleStatus is LifecycleStatus.Approved or LifecycleStatus.InProduction)
        {
            // The same rule Move enforces on the way in: an approved or live model always has a tier.
            return Refusal.IllegalTransition($"A {LifecycleStatus} model keeps an assigned risk tier; assign another tier, or move the model back to validation first.");
        }
        var from = RiskTier;
        RiskTier = tier;
        RiskTierRationale = rationale;
        RiskTierSetBy = actor;
        RiskTierSetAt = now;
        Stamp(actor, now);
        Raise(new RiskTierChanged(Id, Org, from.ToString(), tier.ToString(), rationale, actor, now));
        return null;
    }

    /// <summary>Adds a version; an approved or live model goes back to validation, since the approval covered an earlier version.</summary>
    public (ModelVersion? Version, Refusal? Refusal) AddVersion(string versionId, string version, string artifactUri, string? trainingDataReference, string actor, DateTimeOffset now)
    {
        if (LifecycleStatus == LifecycleStatus.Retired)
        {
            return (null, Refusal.Conflict("A retired model takes no new versions."));
        }
        if (_versions.Any(v => string.Equals(v.Version, version, StringComparison.Ordinal)))
        {
            return (null, Refusal.Conflict($"Version '{version}' already exists for this model."));
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
        _versions.Add(added);
        Stamp(actor, now);
        Raise(new ModelVersionAdded(Id, Org, added.Id, added.Version, added.ArtifactUri, added.TrainingDataReference, actor, now));
        SendBackForReview($"Version {version} was added; the approval covered an earlier version.", actor, now);
        return (added, null);
    }

    private Refusal? Move(LifecycleStatus to, string? reason, string actor, DateTimeOffset now)
    {
        if (Lifecycle.WhyNot(LifecycleStatus, to) is { } illegal)
        {
            return Refusal.IllegalTransition(illegal);
        }
        if (to is LifecycleStatus.Approved or LifecycleStatus.InProduction && RiskTier == RiskTier.Unassigned)
        {
            return Refusal.IllegalTransition($"A model cannot be {to} before a risk analyst assigns its risk tier.");
        }
        if (to == LifecycleStatus.InValidation && _versions.Count == 0)
        {
            return Refusal.IllegalTransition("A model enters validation with a version to validate; add a version first.");
        }
        Enter(to, reason, actor, now);
        return null;
    }

    private void Enter(LifecycleStatus to, string? reason, string actor, DateTimeOffset now)
    {
        var from = LifecycleStatus;
        LifecycleStatus = to;
        if (to is LifecycleStatus.InValidation or LifecycleStatus.InDevelopment)
        {
            // Back under review or development: no approval covers the model any more.
            ApprovedVersionId = null;
            ApprovedByReviewId = null;
        }
        Stamp(actor, now);
        Raise(new ModelLifecycleChanged(Id, Org, from.ToString(), to.ToString(), reason, actor, now));
    }

    private void SendBackForReview(string reason, string actor, DateTimeOffset now)
    {
        if (LifecycleStatus is LifecycleStatus.Approved or LifecycleStatus.InProduction)
        {
            // Both states may move to InValidation, and an approved model had a version to approve, so no rule refuses
            // this (the versions need not be loaded to know it).
            Enter(LifecycleStatus.InValidation, reason, actor, now);
        }
    }

    private void Apply(ModelDetails d)
    {
        Name = d.Name;
        Description = d.Description;
        Owner = d.Owner;
        DeveloperTeam = d.DeveloperTeam;
        IntendedUse = d.IntendedUse;
        _restrictions = [.. d.Restrictions];
        ModelType = d.ModelType;
        Sourcing = d.Sourcing;
        VendorName = d.Sourcing == Sourcing.Vendor ? d.VendorName : null;
        _upstreamDependencies = [.. d.UpstreamDependencies];
        _lineageUris = [.. d.LineageUris];
        _deploymentEndpoints = [.. d.DeploymentEndpoints];
        _monitoringLinks = [.. d.MonitoringLinks];
        _tags = [.. d.Tags.Select(t => t.ToLowerInvariant()).Distinct(StringComparer.Ordinal)];
    }

    private void Stamp(string actor, DateTimeOffset now)
    {
        UpdatedBy = actor;
        UpdatedAt = now;
        Touch();
    }
}
