namespace ModelRisk.Contracts.Inventory.V1;

// Events are immutable facts; a breaking change gets a new namespace (V2), never an edit here.
// Ids are opaque strings, enums travel as their string names, times are UTC.

public sealed record ModelRegistered(
    string ModelId,
    string Org,
    string Key,
    string Name,
    string ModelType,
    string Owner,
    string LifecycleStatus,
    string RiskTier,
    string Actor,
    DateTimeOffset OccurredAt);

public sealed record ModelUpdated(
    string ModelId,
    string Org,
    string Key,
    long Revision,
    IReadOnlyList<string> ChangedFields,
    string Actor,
    DateTimeOffset OccurredAt);

public sealed record ModelVersionAdded(
    string ModelId,
    string Org,
    string VersionId,
    string Version,
    string ArtifactUri,
    string? TrainingDataReference,
    string Actor,
    DateTimeOffset OccurredAt);

public sealed record ModelLifecycleChanged(
    string ModelId,
    string Org,
    string From,
    string To,
    string? Reason,
    string Actor,
    DateTimeOffset OccurredAt);

public sealed record RiskTierChanged(
    string ModelId,
    string Org,
    string From,
    string To,
    string Rationale,
    string Actor,
    DateTimeOffset OccurredAt);
