namespace ModelRisk.Assessment.Models.Reviews;

/// <summary>A piece of evidence referenced by a review: what it is, where it lives, and the SHA-256 of its content.</summary>
public sealed record EvidenceItem(string Kind, string Uri, string Sha256, string AddedBy, DateTimeOffset AddedAt);
