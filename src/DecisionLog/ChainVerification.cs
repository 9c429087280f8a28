namespace ModelRisk.DecisionLog;

/// <summary>The outcome of verifying one org's chain.</summary>
/// <param name="Entries">How many entries were read.</param>
/// <param name="CheckpointsVerified">How many signed checkpoints matched the chain.</param>
/// <param name="HeadSequence">The last entry's sequence (0 for an empty log).</param>
/// <param name="HeadHash">The last entry's hash (the genesis value for an empty log).</param>
/// <param name="Break">The first break, or null when the chain verifies.</param>
public sealed record ChainVerification(string Org, long Entries, int CheckpointsVerified, long HeadSequence, string HeadHash, ChainBreak? Break)
{
    public bool IsValid => Break is null;
}
