using ModelRisk.Findings.Models.Findings;
using ModelRisk.Findings.Models.Sla;
using ModelRisk.ServiceKit.Http;

namespace ModelRisk.Findings.Tests.Unit;

/// <summary>The transition table, move by move, and the rules the aggregate adds on top of it.</summary>
public sealed class FindingLifecycleTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    /// <summary>Every (from, to) pair and whether the lifecycle allows it: the table as the issue states it, written out.</summary>
    public static TheoryData<FindingState, FindingState, bool> Moves()
    {
        var allowed = new HashSet<(FindingState, FindingState)>
        {
            (FindingState.Open, FindingState.InRemediation),
            (FindingState.Open, FindingState.RiskAccepted),
            (FindingState.InRemediation, FindingState.ReadyForVerification),
            (FindingState.InRemediation, FindingState.RiskAccepted),
            (FindingState.ReadyForVerification, FindingState.Closed),
            (FindingState.ReadyForVerification, FindingState.InRemediation),
            (FindingState.Reopened, FindingState.InRemediation),
            (FindingState.Reopened, FindingState.RiskAccepted),
            (FindingState.RiskAccepted, FindingState.Reopened),
            (FindingState.Closed, FindingState.Reopened),
        };
        var data = new TheoryData<FindingState, FindingState, bool>();
        foreach (var from in Enum.GetValues<FindingState>())
        {
            foreach (var to in Enum.GetValues<FindingState>())
            {
                data.Add(from, to, allowed.Contains((from, to)));
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Moves))]
    public void The_table_allows_exactly_the_lifecycles_moves_and_names_the_way_out_of_a_refused_one(FindingState from, FindingState to, bool allowed)
    {
        Assert.Equal(allowed, FindingLifecycle.CanMove(from, to));
        var why = FindingLifecycle.WhyNot(from, to);
        if (allowed)
        {
            Assert.Null(why);
        }
        else
        {
            Assert.NotNull(why);
            Assert.Contains(from.ToString(), why, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Closing_needs_a_verifier_who_is_neither_the_owner_nor_a_remediator()
    {
        var finding = Ready();

        Assert.Equal(RefusalKind.Forbidden, finding.Verify(true, "ok", SlaTerms.Default, "olivia.owner", Now)!.Kind);
        Assert.Equal(RefusalKind.Forbidden, finding.Verify(true, "ok", SlaTerms.Default, "DEV.ONE", Now)!.Kind);
        Assert.Equal(RefusalKind.Forbidden, finding.Verify(true, "ok", SlaTerms.Default, "dev.two", Now)!.Kind);
        Assert.Equal(FindingState.ReadyForVerification, finding.State);

        Assert.Null(finding.Verify(true, "Calibration re-run passes.", SlaTerms.Default, "riley.analyst", Now));
        Assert.Equal(FindingState.Closed, finding.State);
        Assert.Equal("riley.analyst", finding.VerifiedBy);
    }

    [Fact]
    public void A_failed_verification_returns_the_finding_to_remediation()
    {
        var finding = Ready();

        Assert.Null(finding.Verify(false, "ECE still 0.08.", SlaTerms.Default, "riley.analyst", Now));

        Assert.Equal(FindingState.InRemediation, finding.State);
        Assert.Null(finding.VerifiedBy);
    }

    [Fact]
    public void Ready_for_verification_needs_closure_evidence()
    {
        var finding = Open();
        finding.StartRemediation("dev.one", "plan", SlaTerms.Default, "olivia.owner", Now);

        Assert.Equal(RefusalKind.Conflict, finding.ReadyForVerification(null, SlaTerms.Default, "dev.one", Now)!.Kind);
        Assert.Equal(FindingState.InRemediation, finding.State);
    }

    [Fact]
    public void Risk_is_accepted_only_by_someone_other_than_the_owner_and_only_until_a_future_expiry_which_reopens_the_finding()
    {
        var finding = Open();

        Assert.Equal(RefusalKind.Forbidden, finding.AcceptRisk("r", Now.AddDays(30), SlaTerms.Default, "olivia.owner", Now)!.Kind);
        Assert.Equal(RefusalKind.Invalid, finding.AcceptRisk("r", Now, SlaTerms.Default, "avery.approver", Now)!.Kind);
        Assert.Null(finding.AcceptRisk("Compensating control: manual review.", Now.AddDays(30), SlaTerms.Default, "avery.approver", Now));
        Assert.Equal(FindingState.RiskAccepted, finding.State);
        Assert.Equal(Now.AddDays(30), finding.NextSweepAt);

        finding.Sweep(SlaTerms.Default, Now.AddDays(29));
        Assert.Equal(FindingState.RiskAccepted, finding.State);

        finding.Sweep(SlaTerms.Default, Now.AddDays(30));
        Assert.Equal(FindingState.Reopened, finding.State);
        Assert.Null(finding.RiskAcceptance);
        Assert.Contains(finding.History, h => h.What == "state" && h.To == "Reopened" && h.Reason!.Contains("expired", StringComparison.Ordinal));
        // The clock restarted at the expiry: High is 30 days from then under the default policy.
        Assert.Equal(new DateOnly(2026, 5, 1), finding.DueDate);
    }

    [Fact]
    public void An_illegal_move_changes_nothing()
    {
        var finding = Open();
        var revision = finding.Revision;

        var refusal = finding.Verify(true, "ok", SlaTerms.Default, "riley.analyst", Now);

        Assert.Equal(RefusalKind.IllegalTransition, refusal!.Kind);
        Assert.Equal(FindingState.Open, finding.State);
        Assert.Equal(revision, finding.Revision);
    }

    [Fact]
    public void Every_change_is_in_the_history_with_who_made_it()
    {
        var finding = Ready();
        finding.ChangeSeverity(FindingSeverity.Critical, "Customer impact confirmed.", SlaTerms.Default, "riley.analyst", Now);

        Assert.Collection(finding.History.Select(h => (h.Actor, h.What)),
            e => Assert.Equal(("olivia.owner", "opened"), e),
            e => Assert.Equal(("olivia.owner", "state"), e),
            e => Assert.Equal(("olivia.owner", "remediator"), e),
            e => Assert.Equal(("dev.one", "evidence"), e),
            e => Assert.Equal(("dev.two", "state"), e),
            e => Assert.Equal(("riley.analyst", "severity"), e),
            e => Assert.Equal(("riley.analyst", "dueDate"), e));
        Assert.Equal("Customer impact confirmed.", finding.History[5].Reason);
    }

    internal static Finding Open(FindingSeverity severity = FindingSeverity.High) =>
        Finding.Open(new FindingOpening("acme-lending", "model-1", null, null, FindingSource.Audit, "audit/" + Guid.NewGuid().ToString("N"),
            "Drift", "Observed", severity, "Affects decisions", "olivia.owner", []), SlaTerms.Default, "olivia.owner", Now);

    private static Finding Ready()
    {
        var finding = Open();
        Assert.Null(finding.StartRemediation("dev.one", "Recalibrate", SlaTerms.Default, "olivia.owner", Now));
        finding.AddEvidence("s3://evidence/report.html", new string('a', 64), null, "dev.one", Now);
        Assert.Null(finding.ReadyForVerification("done", SlaTerms.Default, "dev.two", Now));
        return finding;
    }
}
