using ModelRisk.Findings.Models.Findings;

namespace ModelRisk.Findings.Features.Sla;

/// <summary>
/// How well an org keeps its SLA for one severity: findings closed on time against those closed late, and those
/// open now past their due date. <see cref="OnTimeRate"/> is closed on time over all closed (null when none closed).
/// </summary>
public sealed record SlaAdherence(string Org, FindingSeverity Severity, int ClosedOnTime, int ClosedLate, int OpenOverdue, int OpenWithinSla, double? OnTimeRate);
