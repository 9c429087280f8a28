namespace ModelRisk.Findings.Models.Findings;

/// <summary>Where a finding came from; the names are those of <c>FindingRaised.Source</c>.</summary>
public enum FindingSource
{
    ValidationTest,
    ConditionOfApproval,
    MonitoringAlert,
    IncidentCorrectiveAction,
    Audit,
    Manual,
}
