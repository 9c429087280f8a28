namespace ModelRisk.Findings.Models.Findings;

/// <summary>One entry of a finding's history: who changed what, from what to what, and why.</summary>
public sealed record FindingChange(DateTimeOffset At, string Actor, string What, string? From, string? To, string? Reason);
