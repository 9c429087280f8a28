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

/// <param name="Name">The model's name after the update. Added 2026-12-02 as a trailing optional member (an additive change:
/// an older consumer ignores it, and a message from an older publisher reads as null), so services that keep a copy
/// of the name and owner follow a change.</param>
/// <param name="Owner">The model's owner after the update; null in messages from publishers older than 2026-12-02.</param>
public sealed record ModelUpdated(
    string ModelId,
    string Org,
    string Key,
    long Revision,
    IReadOnlyList<string> ChangedFields,
    string Actor,
    DateTimeOffset OccurredAt,
    string? Name = null,
    string? Owner = null);

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
