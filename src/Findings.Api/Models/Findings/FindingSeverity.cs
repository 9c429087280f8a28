namespace ModelRisk.Findings.Models.Findings;

/// <summary>How bad a finding is; the SLA policy gives each severity its number of days.</summary>
public enum FindingSeverity
{
    Critical,
    High,
    Medium,
    Low,
}
