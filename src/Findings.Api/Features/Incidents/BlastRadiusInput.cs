namespace ModelRisk.Findings.Features.Incidents;

/// <summary>What the incident reached: serving endpoints (URLs or names), customers affected, geographies (ISO 3166 codes or regions).</summary>
public sealed record BlastRadiusInput(IReadOnlyList<string>? Endpoints, int? Customers, IReadOnlyList<string>? Geographies);
