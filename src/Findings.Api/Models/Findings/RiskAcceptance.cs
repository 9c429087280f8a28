namespace ModelRisk.Findings.Models.Findings;

/// <summary>An approver accepted the risk of leaving the finding open until <see cref="Expires"/>; then it reopens.</summary>
public sealed record RiskAcceptance(string Approver, string Rationale, DateTimeOffset AcceptedAt, DateTimeOffset Expires);
