using ModelRisk.Inventory.Models;
using static ModelRisk.Inventory.Models.LifecycleStatus;

namespace ModelRisk.Inventory.Tests.Unit;

public sealed class LifecycleTests
{
    /// <summary>The lifecycle as model owners are told it (ADR 005), restated here independently of the code.</summary>
    private static readonly Dictionary<LifecycleStatus, LifecycleStatus[]> Expected = new()
    {
        [Proposed] = [InDevelopment, Retired],
        [InDevelopment] = [InValidation, Suspended, Retired],
        [InValidation] = [Approved, InDevelopment, Suspended, Retired],
        [Approved] = [InProduction, InValidation, Suspended, Retired],
        [InProduction] = [Suspended, InValidation, Retired],
        [Suspended] = [InValidation, InDevelopment, Retired],
        [Retired] = [],
    };

    public static TheoryData<LifecycleStatus, LifecycleStatus> LegalMoves()
    {
        var data = new TheoryData<LifecycleStatus, LifecycleStatus>();
        foreach (var (from, next) in Expected)
        {
            foreach (var to in next)
            {
                data.Add(from, to);
            }
        }
        return data;
    }

    public static TheoryData<LifecycleStatus, LifecycleStatus> IllegalMoves()
    {
        var data = new TheoryData<LifecycleStatus, LifecycleStatus>();
        foreach (var from in Enum.GetValues<LifecycleStatus>())
        {
            foreach (var to in Enum.GetValues<LifecycleStatus>())
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
    public void A_legal_move_is_allowed_without_a_reason(LifecycleStatus from, LifecycleStatus to)
    {
        Assert.True(Lifecycle.CanMove(from, to));
        Assert.Null(Lifecycle.WhyNot(from, to));
    }

    [Theory]
    [MemberData(nameof(IllegalMoves))]
    public void An_illegal_move_is_refused_with_a_reason_naming_the_allowed_next_states(LifecycleStatus from, LifecycleStatus to)
    {
        Assert.False(Lifecycle.CanMove(from, to));
        var reason = Lifecycle.WhyNot(from, to);
        Assert.NotNull(reason);
        Assert.Contains(from.ToString(), reason);
        foreach (var next in Expected[from])
        {
            Assert.Contains(next.ToString(), reason);
        }
    }

    [Fact]
    public void Next_states_are_exactly_the_legal_moves_of_every_state()
    {
        foreach (var status in Enum.GetValues<LifecycleStatus>())
        {
            Assert.Equal(Expected[status].Order(), Lifecycle.NextStates(status).Order());
        }
    }

    [Fact]
    public void Staying_in_the_same_state_is_not_a_move()
    {
        foreach (var status in Enum.GetValues<LifecycleStatus>())
        {
            Assert.False(Lifecycle.CanMove(status, status));
            Assert.Contains($"already {status}", Lifecycle.WhyNot(status, status));
        }
    }

    [Fact]
    public void Retired_is_terminal()
    {
        Assert.Empty(Lifecycle.NextStates(Retired));
        foreach (var to in Enum.GetValues<LifecycleStatus>().Where(s => s != Retired))
        {
            Assert.False(Lifecycle.CanMove(Retired, to));
            Assert.Contains("cannot change status", Lifecycle.WhyNot(Retired, to));
        }
    }

    [Fact]
    public void A_suspended_model_never_goes_straight_back_to_production()
    {
        Assert.False(Lifecycle.CanMove(Suspended, InProduction));
        Assert.False(Lifecycle.CanMove(Suspended, Approved));
    }
}
