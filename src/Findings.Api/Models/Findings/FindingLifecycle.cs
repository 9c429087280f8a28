namespace ModelRisk.Findings.Models.Findings;

/// <summary>
/// The finding lifecycle as a transition table (ADR 080). A finding is remediated, made ready, and closed only by an
/// independent verification; a failed verification sends it back to remediation. Risk may be accepted instead of
/// remediating (until an expiry, which reopens it). A closed finding can be reopened.
/// </summary>
public static class FindingLifecycle
{
    private static readonly Dictionary<FindingState, FindingState[]> Allowed = new()
    {
        [FindingState.Open] = [FindingState.InRemediation, FindingState.RiskAccepted],
        [FindingState.InRemediation] = [FindingState.ReadyForVerification, FindingState.RiskAccepted],
        [FindingState.ReadyForVerification] = [FindingState.Closed, FindingState.InRemediation],
        [FindingState.Reopened] = [FindingState.InRemediation, FindingState.RiskAccepted],
        [FindingState.RiskAccepted] = [FindingState.Reopened],
        [FindingState.Closed] = [FindingState.Reopened],
    };

    /// <summary>States in which the SLA clock runs: the finding can be overdue and escalated.</summary>
    public static readonly IReadOnlySet<FindingState> Active = new HashSet<FindingState>
    {
        FindingState.Open, FindingState.InRemediation, FindingState.ReadyForVerification, FindingState.Reopened,
    };

    public static IReadOnlyList<FindingState> NextStates(FindingState from) => Allowed[from];

    public static bool CanMove(FindingState from, FindingState to) => Allowed[from].Contains(to);

    /// <summary>Why a move is refused, in words the caller can act on; null when it is allowed.</summary>
    public static string? WhyNot(FindingState from, FindingState to)
    {
        if (from == to)
        {
            return $"The finding is already {from}.";
        }
        if (CanMove(from, to))
        {
            return null;
        }
        return $"A finding cannot move from {from} to {to}; from {from} it may move to {string.Join(", ", Allowed[from])}.";
    }
}
