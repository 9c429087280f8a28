namespace ModelRisk.Inventory.Models;

/// <summary>
/// The model lifecycle as a state machine. A model moves forward through development, validation and
/// approval into production; validation can send it back to development; any live state can be suspended,
/// and a suspended model resumes only through validation, never straight back into production.
/// </summary>
public static class Lifecycle
{
    private static readonly Dictionary<LifecycleStatus, LifecycleStatus[]> Allowed = new()
    {
        [LifecycleStatus.Proposed] = [LifecycleStatus.InDevelopment, LifecycleStatus.Retired],
        [LifecycleStatus.InDevelopment] = [LifecycleStatus.InValidation, LifecycleStatus.Suspended, LifecycleStatus.Retired],
        [LifecycleStatus.InValidation] = [LifecycleStatus.Approved, LifecycleStatus.InDevelopment, LifecycleStatus.Suspended, LifecycleStatus.Retired],
        [LifecycleStatus.Approved] = [LifecycleStatus.InProduction, LifecycleStatus.InValidation, LifecycleStatus.Suspended, LifecycleStatus.Retired],
        [LifecycleStatus.InProduction] = [LifecycleStatus.Suspended, LifecycleStatus.InValidation, LifecycleStatus.Retired],
        [LifecycleStatus.Suspended] = [LifecycleStatus.InValidation, LifecycleStatus.InDevelopment, LifecycleStatus.Retired],
        [LifecycleStatus.Retired] = [],
    };

    public static IReadOnlyList<LifecycleStatus> NextStates(LifecycleStatus from) => Allowed[from];

    public static bool CanMove(LifecycleStatus from, LifecycleStatus to) => Allowed[from].Contains(to);

    /// <summary>Why a move is refused, in words a model owner can act on; null when it is allowed.</summary>
    public static string? WhyNot(LifecycleStatus from, LifecycleStatus to)
    {
        if (from == to)
        {
            return $"The model is already {from}.";
        }
        if (CanMove(from, to))
        {
            return null;
        }
        var next = Allowed[from];
        return next.Length == 0
            ? $"A {from} model cannot change status."
            : $"A model cannot move from {from} to {to}; from {from} it may move to {string.Join(", ", next)}.";
    }

    /// <summary>Moves an approver may make by hand: send back to validation (hold) and suspend. Approval is a review's decision.</summary>
    public static readonly IReadOnlySet<LifecycleStatus> ApproverMoves =
        new HashSet<LifecycleStatus> { LifecycleStatus.InValidation, LifecycleStatus.Suspended };

    /// <summary>Who may make a move by hand, separately from whether the model may make it; an approver makes only their own moves.</summary>
    public static string? WhyNotPermitted(LifecycleStatus to, LifecycleActor actor) =>
        actor.IsWriter || (actor.IsApprover && ApproverMoves.Contains(to)) ? null : $"Your roles may not move a model to {to}.";
}
