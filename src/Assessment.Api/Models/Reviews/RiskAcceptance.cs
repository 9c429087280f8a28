namespace ModelRisk.Assessment.Models.Reviews;

/// <summary>A policy exception: what is accepted, who is accountable, the controls that compensate, and when it expires.</summary>
public sealed record RiskAcceptance(string Id, string Description, string AccountableApprover, List<string> CompensatingControls, DateOnly Expires);
