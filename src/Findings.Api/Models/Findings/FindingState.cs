namespace ModelRisk.Findings.Models.Findings;

public enum FindingState
{
    Open,
    InRemediation,
    ReadyForVerification,
    Closed,
    RiskAccepted,
    Reopened,
}
