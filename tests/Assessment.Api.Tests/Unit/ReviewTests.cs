using ModelRisk.Assessment.Models.Log;
using ModelRisk.Assessment.Models.Reviews;
using ModelRisk.Assessment.Models.Tiering;
using ModelRisk.Contracts.Assessment.V1;
using ModelRisk.DecisionLog;
using ModelRisk.ServiceKit.Http;

namespace ModelRisk.Assessment.Tests.Unit;

public sealed class ReviewTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);
    private static readonly string[] Approver = ["approver"];
    private static readonly TieringPolicy Policy = TieringPolicyLoader.Shipped();
    private static readonly string Sha = new('a', 64);

    private static Review Open(RiskTier tier = RiskTier.High) => Review.Open(new ReviewOpening(
        "acme-lending", "m1", "Credit PD", "v1", "1.0.0", ReviewKind.NewModel, "rita.registrant", ["dev.one"], "olivia.owner",
        tier, Policy.Version, "t1", TieringScorer.RequiredEvidence(Policy, tier, false), Policy.Requirements[tier]), "olivia.owner", Now);

    private static Review InReview(RiskTier tier = RiskTier.High)
    {
        var review = Open(tier);
        foreach (var kind in review.RequiredEvidence)
        {
            Assert.Null(review.AddEvidence(kind, $"s3://evidence/{kind}", Sha, "olivia.owner", Now));
        }
        Assert.Null(review.Submit("olivia.owner", Now, []));
        Assert.Null(review.AssignValidator("riley.analyst", "riley.analyst", Now));
        Assert.Null(review.Accept("riley.analyst", Now, []));
        return review;
    }

    [Fact]
    public void A_review_returned_for_missing_evidence_records_that_intake_was_incomplete_at_first_submission()
    {
        var review = Open();
        review.AddEvidence("model-card", "s3://e/card", Sha, "olivia.owner", Now);

        Assert.Null(review.Submit("olivia.owner", Now, []));
        var refused = review.Accept("riley.analyst", Now, []);
        Assert.Equal(RefusalKind.Conflict, refused?.Kind);
        Assert.Contains("evaluation-report, data-sheet", refused!.Message, StringComparison.Ordinal);
        Assert.Null(review.Return("Attach the evaluation report and data sheet.", "riley.analyst", Now));
        review.AddEvidence("evaluation-report", "s3://e/eval", Sha, "olivia.owner", Now);
        review.AddEvidence("data-sheet", "s3://e/sheet", Sha, "olivia.owner", Now);
        Assert.Null(review.Submit("olivia.owner", Now, []));
        Assert.Null(review.AssignValidator("riley.analyst", "riley.analyst", Now));
        Assert.Null(review.Accept("riley.analyst", Now, []));

        Assert.False(review.IntakeCompleteOnFirstSubmission);
        Assert.Equal(ReviewState.InReview, review.State);
        Assert.Equal([ReviewState.Submitted, ReviewState.Returned, ReviewState.Submitted, ReviewState.InReview],
            review.Transitions.Where(t => t.From != t.To).Select(t => t.To));
        Assert.All(review.Transitions, t => Assert.Equal(Now, t.At));
    }

    [Fact]
    public void Intake_needs_an_independent_validator()
    {
        var review = Open(RiskTier.Low);
        review.AddEvidence("model-card", "s3://e/card", Sha, "olivia.owner", Now);
        review.Submit("olivia.owner", Now, []);

        Assert.Contains("Assign an independent validator", review.Accept("riley.analyst", Now, [])?.Message, StringComparison.Ordinal);
        Assert.Contains("monitoring link", review.Accept("riley.analyst", Now, ["monitoring link"])?.Message, StringComparison.Ordinal);
        Assert.Equal(RefusalKind.Forbidden, review.AssignValidator("dev.one", "riley.analyst", Now)?.Kind);
        Assert.Equal(RefusalKind.Forbidden, review.AssignValidator("olivia.owner", "riley.analyst", Now)?.Kind);
    }

    [Fact]
    public void Two_approvers_decide_a_high_tier_review_and_the_owner_is_refused()
    {
        var review = InReview();

        Assert.Null(review.ProposeDecision(DecisionOutcome.Approve, "Meets the plan.", [], [], "avery.approver", Approver, Now));
        Assert.Equal(ReviewState.InReview, review.State);
        var owner = review.Sign("olivia.owner", Approver, Now);
        Assert.Equal(RefusalKind.Forbidden, owner?.Kind);
        Assert.Contains("cannot approve", owner!.Message, StringComparison.Ordinal);
        Assert.Equal(RefusalKind.Conflict, review.Sign("avery.approver", Approver, Now)?.Kind);
        Assert.Equal(RefusalKind.Forbidden, review.Sign("riley.analyst", Approver, Now)?.Kind);
        Assert.Null(review.Sign("blake.approver", Approver, Now));

        Assert.Equal(ReviewState.Decided, review.State);
        var decided = Assert.Single(review.PendingEvents.OfType<ReviewDecided>());
        Assert.Equal(("v1", "Approve"), (decided.ModelVersionId, decided.Outcome));
        Assert.Equal(["avery.approver", "blake.approver"], decided.Approvers);
        Assert.Equal(new DateOnly(2027, 12, 1), review.RenewalDue);
    }

    [Fact]
    public void A_signer_without_the_quorum_role_is_forbidden()
    {
        var review = InReview();
        review.ProposeDecision(DecisionOutcome.Hold, "Not yet.", [], [], "avery.approver", Approver, Now);

        Assert.Equal(RefusalKind.Forbidden, review.Sign("aud.itor", ["auditor"], Now)?.Kind);
    }

    [Fact]
    public void Conditions_and_acceptances_leave_as_events_and_log_facts_when_the_decision_is_taken()
    {
        var review = InReview(RiskTier.Low);
        var condition = new ConditionOfApproval("c1", "Monitor PSI monthly", "olivia.owner", new DateOnly(2027, 3, 1), ["PSI dashboard exists"]);
        var acceptance = new RiskAcceptance("a1", "No fairness test for age", "avery.approver", ["Quarterly manual review"], new DateOnly(2027, 6, 1));

        Assert.Null(review.ProposeDecision(DecisionOutcome.ApproveWithConditions, "OK with conditions.", [condition], [acceptance], "avery.approver", Approver, Now));

        Assert.Equal(ReviewState.Decided, review.State);
        Assert.Single(review.PendingEvents.OfType<ConditionOfApprovalSet>());
        Assert.Single(review.PendingEvents.OfType<RiskAccepted>());
        var kinds = review.TakeLogFacts().Select(f => f.Kind).ToList();
        Assert.Equal([LogEntryKinds.Decision, LogEntryKinds.Signature, LogEntryKinds.Decision, LogEntryKinds.Condition, LogEntryKinds.RiskAcceptance], kinds);
        Assert.Empty(review.TakeLogFacts());
    }

    [Fact]
    public void Conditions_belong_only_to_an_approval_with_conditions()
    {
        var review = InReview(RiskTier.Low);
        var condition = new ConditionOfApproval("c1", "x", "o", new DateOnly(2027, 1, 1), []);

        Assert.Equal("conditions", review.ProposeDecision(DecisionOutcome.ApproveWithConditions, "r", [], [], "avery.approver", Approver, Now)?.Field);
        Assert.Equal("conditions", review.ProposeDecision(DecisionOutcome.Approve, "r", [condition], [], "avery.approver", Approver, Now)?.Field);
    }

    [Fact]
    public void Reopening_keeps_the_decision_in_history_and_returns_the_review_to_review()
    {
        var review = InReview(RiskTier.Low);
        review.ProposeDecision(DecisionOutcome.Hold, "Wait for data.", [], [], "avery.approver", Approver, Now);

        Assert.Null(review.Reopen("New data arrived.", "riley.analyst", Now));
        Assert.Null(review.Decision);
        Assert.Single(review.PastDecisions);
        Assert.Equal(RefusalKind.IllegalTransition, review.Close("riley.analyst", Now)?.Kind);
        Assert.Null(review.Accept("riley.analyst", Now, []));
        Assert.Equal(ReviewState.InReview, review.State);
    }

    [Fact]
    public void A_decided_review_takes_no_more_signatures_or_assessment_revisions()
    {
        var review = InReview(RiskTier.Low);
        review.ProposeDecision(DecisionOutcome.Reject, "Unfit.", [], [], "avery.approver", Approver, Now);

        Assert.Equal(RefusalKind.IllegalTransition, review.Sign("blake.approver", Approver, Now)?.Kind);
        Assert.Equal(RefusalKind.IllegalTransition, review.ReviseMra("riley.analyst", Now)?.Kind);
        Assert.Null(review.RenewalDue);
    }
}
