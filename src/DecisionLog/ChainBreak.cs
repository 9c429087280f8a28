namespace ModelRisk.DecisionLog;

/// <summary>The first place a chain fails verification: the entry's sequence number and what is wrong there.</summary>
public sealed record ChainBreak(long Sequence, string Reason);
