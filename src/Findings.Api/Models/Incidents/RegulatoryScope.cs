namespace ModelRisk.Findings.Models.Incidents;

/// <summary>
/// A risk analyst's judgement of an incident under the EU AI Act's serious-incident reporting (ADR 084): whether the
/// model is a high-risk system in scope, and the facts that shorten the deadline.
/// </summary>
public sealed record RegulatoryScope(bool HighRiskInScope, bool Death, bool WidespreadOrCriticalInfrastructure, string Rationale, string SetBy, DateTimeOffset SetAt);
