namespace ModelRisk.Findings.Models.Incidents;

/// <summary>The postmortem document, pinned by its SHA-256, and its summary.</summary>
public sealed record Postmortem(string Uri, string Sha256, string Summary, string RecordedBy, DateTimeOffset RecordedAt);
