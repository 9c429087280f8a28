using ModelRisk.Assessment.Models.Reviews;
using ModelRisk.Assessment.Models.Tiering;

namespace ModelRisk.Assessment.Tests.Unit;

public sealed class QuorumTests
{
    private static readonly ApprovalQuorum TwoApprovers = new(2, ["approver"]);
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    private static Signature Sig(string who, params string[] roles) => new(who, roles, Now);

    [Fact]
    public void The_quorum_is_met_by_enough_distinct_approvers_of_a_counting_role()
    {
        Assert.False(Quorum.IsMet(TwoApprovers, [Sig("a", "approver")]));
        Assert.True(Quorum.IsMet(TwoApprovers, [Sig("a", "approver"), Sig("b", "approver", "auditor")]));
    }

    [Fact]
    public void The_same_approver_twice_counts_once() =>
        Assert.Equal(1, Quorum.Counting(TwoApprovers, [Sig("a", "approver"), Sig("a", "approver")]));

    [Fact]
    public void Signatures_without_a_counting_role_do_not_count() =>
        Assert.False(Quorum.IsMet(TwoApprovers, [Sig("a", "approver"), Sig("b", "risk-analyst")]));

    [Fact]
    public void A_signer_without_the_role_or_signing_twice_is_refused()
    {
        Assert.Contains("needs one of the roles approver", Quorum.WhyNotSigner(TwoApprovers, [], "b", ["auditor"]), StringComparison.Ordinal);
        Assert.Contains("already signed", Quorum.WhyNotSigner(TwoApprovers, [Sig("a", "approver")], "a", ["approver"]), StringComparison.Ordinal);
        Assert.Null(Quorum.WhyNotSigner(TwoApprovers, [Sig("a", "approver")], "b", ["approver"]));
    }
}
