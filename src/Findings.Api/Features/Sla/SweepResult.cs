namespace ModelRisk.Findings.Features.Sla;

/// <summary>What one sweep round did.</summary>
public sealed record SweepResult(int FindingsSwept, int Escalations, int AcceptancesExpired, int IncidentReminders, int LostToOtherReplicas);
