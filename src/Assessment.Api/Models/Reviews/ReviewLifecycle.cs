namespace ModelRisk.Assessment.Models.Reviews;

/// <summary>
/// The review workflow: a draft is submitted; intake either returns it (missing evidence) or accepts it into
/// review once a validator is assigned; the approvers' quorum decides; a decision is closed, or reopened and
/// reviewed again. Every other move is refused with the reason.
/// </summary>
public static class ReviewLifecycle
{
    private static readonly Dictionary<ReviewState, ReviewState[]> Allowed = new()
    {
        [ReviewState.Draft] = [ReviewState.Submitted],
        [ReviewState.Submitted] = [ReviewState.Returned, ReviewState.InReview],
        [ReviewState.Returned] = [ReviewState.Submitted],
        [ReviewState.InReview] = [ReviewState.Decided],
        [ReviewState.Decided] = [ReviewState.Closed, ReviewState.Reopened],
        [ReviewState.Closed] = [],
        [ReviewState.Reopened] = [ReviewState.InReview],
    };

    public static IReadOnlyList<ReviewState> NextStates(ReviewState from) => Allowed[from];

    /// <summary>Why the move is refused, in words the caller can act on; null when it is allowed.</summary>
    public static string? WhyNot(ReviewState from, ReviewState to)
    {
        if (from == to)
        {
            return $"The review is already {from}.";
        }
        if (Allowed[from].Contains(to))
        {
            return null;
        }
        var next = Allowed[from];
        return next.Length == 0
            ? $"A {from} review cannot change state."
            : $"A review cannot move from {from} to {to}; from {from} it may move to {string.Join(", ", next)}.";
    }
}
