using ModelRisk.Assessment.Models.Reviews;
using static ModelRisk.Assessment.Models.Reviews.ReviewState;

namespace ModelRisk.Assessment.Tests.Unit;

public sealed class ReviewLifecycleTests
{
    /// <summary>The workflow as reviewers are told it, restated independently of the code.</summary>
    private static readonly Dictionary<ReviewState, ReviewState[]> Expected = new()
    {
        [Draft] = [Submitted],
        [Submitted] = [Returned, InReview],
        [Returned] = [Submitted],
        [InReview] = [Decided],
        [Decided] = [Closed, Reopened],
        [Closed] = [],
        [Reopened] = [InReview],
    };

    public static TheoryData<ReviewState, ReviewState> LegalMoves()
    {
        var data = new TheoryData<ReviewState, ReviewState>();
        foreach (var (from, next) in Expected)
        {
            foreach (var to in next)
            {
                data.Add(from, to);
            }
        }
        return data;
    }

    public static TheoryData<ReviewState, ReviewState> IllegalMoves()
    {
        var data = new TheoryData<ReviewState, ReviewState>();
        foreach (var from in Enum.GetValues<ReviewState>())
        {
            foreach (var to in Enum.GetValues<ReviewState>())
            {
                if (from != to && !Expected[from].Contains(to))
                {
                    data.Add(from, to);
                }
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(LegalMoves))]
    public void Legal_moves_are_allowed(ReviewState from, ReviewState to) => Assert.Null(ReviewLifecycle.WhyNot(from, to));

    [Theory]
    [MemberData(nameof(IllegalMoves))]
    public void Illegal_moves_are_refused_naming_both_states(ReviewState from, ReviewState to)
    {
        var reason = ReviewLifecycle.WhyNot(from, to);

        Assert.NotNull(reason);
        Assert.Contains(from.ToString(), reason, StringComparison.Ordinal);
        if (Expected[from].Length > 0)
        {
            Assert.Contains(to.ToString(), reason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Staying_in_the_same_state_is_refused() => Assert.Equal("The review is already Draft.", ReviewLifecycle.WhyNot(Draft, Draft));

    [Fact]
    public void The_table_covers_every_state() =>
        Assert.All(Enum.GetValues<ReviewState>(), s => Assert.Equal(Expected[s], ReviewLifecycle.NextStates(s)));
}
