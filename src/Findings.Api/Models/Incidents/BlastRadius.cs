namespace ModelRisk.Findings.Models.Incidents;

/// <summary>What an incident reached: the serving endpoints, how many customers, which geographies.</summary>
public sealed record BlastRadius(List<string> Endpoints, int? Customers, List<string> Geographies);
