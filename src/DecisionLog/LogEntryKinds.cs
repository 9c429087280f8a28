namespace ModelRisk.DecisionLog;

/// <summary>What the decision log records: every decision and everything that bears on one.</summary>
public static class LogEntryKinds
{
    public const string Tiering = "tiering";
    public const string TierOverride = "tier-override";
    public const string Signature = "signature";
    public const string Decision = "decision";
    public const string Condition = "condition";
    public const string RiskAcceptance = "risk-acceptance";
    public const string Reopen = "reopen";
    public const string PolicyPublished = "policy-published";
}
