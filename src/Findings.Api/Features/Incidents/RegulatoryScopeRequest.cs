namespace ModelRisk.Findings.Features.Incidents;

/// <summary>A risk analyst's judgement whether the incident is a serious incident of a high-risk AI system under the EU AI Act, and the facts that shorten its report deadline.</summary>
public sealed record RegulatoryScopeRequest(bool? HighRiskInScope, bool? Death, bool? WidespreadOrCriticalInfrastructure, string? Rationale);
