using ModelRisk.Findings.Models.Findings;
using ModelRisk.Findings.Models.Sla;

namespace ModelRisk.Findings.Tests.Unit;

public sealed class SlaCalendarTests
{
    private static SlaTerms Terms(string zone = "Etc/UTC", SlaCalendarKind calendar = SlaCalendarKind.Calendar, params DateOnly[] holidays) =>
        SlaTerms.Default with { TimeZone = zone, Calendar = calendar, Holidays = holidays };

    [Fact]
    public void Calendar_days_count_every_day_and_the_finding_is_due_at_the_end_of_the_last_one()
    {
        // Friday 2026-03-06 10:00 UTC + 7 days = Friday 2026-03-13, due when Saturday begins.
        var (date, at) = SlaCalendar.Due(new DateTimeOffset(2026, 3, 6, 10, 0, 0, TimeSpan.Zero), 7, Terms());

        Assert.Equal(new DateOnly(2026, 3, 13), date);
        Assert.Equal(new DateTimeOffset(2026, 3, 14, 0, 0, 0, TimeSpan.Zero), at);
    }

    [Fact]
    public void Business_days_skip_weekends_and_the_orgs_holidays()
    {
        var friday = new DateTimeOffset(2026, 3, 6, 10, 0, 0, TimeSpan.Zero);

        Assert.Equal(new DateOnly(2026, 3, 9), SlaCalendar.Due(friday, 1, Terms(calendar: SlaCalendarKind.Business)).DueDate);
        Assert.Equal(new DateOnly(2026, 3, 13), SlaCalendar.Due(friday, 5, Terms(calendar: SlaCalendarKind.Business)).DueDate);
        // Monday the 9th a holiday: one business day from Friday is Tuesday.
        Assert.Equal(new DateOnly(2026, 3, 10),
            SlaCalendar.Due(friday, 1, Terms(calendar: SlaCalendarKind.Business, holidays: new DateOnly(2026, 3, 9))).DueDate);
    }

    [Fact]
    public void Days_are_counted_from_the_local_date_in_the_orgs_time_zone_and_end_at_local_midnight()
    {
        // 20:00 UTC on Sunday is already Monday morning in Tokyo: one business day is Tuesday there, Monday in UTC.
        var sundayEvening = new DateTimeOffset(2026, 3, 8, 20, 0, 0, TimeSpan.Zero);
        var tokyo = SlaCalendar.Due(sundayEvening, 1, Terms("Asia/Tokyo", SlaCalendarKind.Business));
        var utc = SlaCalendar.Due(sundayEvening, 1, Terms("Etc/UTC", SlaCalendarKind.Business));

        Assert.Equal(new DateOnly(2026, 3, 10), tokyo.DueDate);
        Assert.Equal(new DateOnly(2026, 3, 9), utc.DueDate);
        // Midnight at the end of Tuesday in Tokyo (UTC+9) is 15:00 UTC on Tuesday.
        Assert.Equal(new DateTimeOffset(2026, 3, 10, 15, 0, 0, TimeSpan.Zero), tokyo.DueAt);
        Assert.Equal(new DateTimeOffset(2026, 3, 10, 0, 0, 0, TimeSpan.Zero), utc.DueAt);

        var newYork = SlaCalendar.Due(new DateTimeOffset(2026, 3, 7, 2, 0, 0, TimeSpan.Zero), 1, Terms("America/New_York"));
        // 02:00 UTC Saturday is 21:00 Friday in New York: due at the end of Saturday there (EST, UTC-5).
        Assert.Equal(new DateOnly(2026, 3, 7), newYork.DueDate);
        Assert.Equal(new DateTimeOffset(2026, 3, 8, 5, 0, 0, TimeSpan.Zero), newYork.DueAt);
    }

    [Fact]
    public void The_end_of_a_day_follows_daylight_saving_time()
    {
        // New York moves to EDT on 2026-03-08: the end of that day is 04:00 UTC, of the day before 05:00 UTC.
        var zone = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

        Assert.Equal(new DateTimeOffset(2026, 3, 8, 5, 0, 0, TimeSpan.Zero), SlaCalendar.EndOfLocalDay(new DateOnly(2026, 3, 7), zone));
        Assert.Equal(new DateTimeOffset(2026, 3, 9, 4, 0, 0, TimeSpan.Zero), SlaCalendar.EndOfLocalDay(new DateOnly(2026, 3, 8), zone));
    }

    [Fact]
    public void A_severity_change_recomputes_the_due_date_from_when_the_clock_started()
    {
        var opened = new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
        var terms = Terms(calendar: SlaCalendarKind.Business) with { CriticalDays = 2, HighDays = 10 };
        var finding = Finding.Open(new FindingOpening("acme-lending", "m", null, null, FindingSource.Audit, "audit/sev", "t", "d", FindingSeverity.High,
            "r", "olivia.owner", []), terms, "olivia.owner", opened);
        Assert.Equal(new DateOnly(2026, 3, 16), finding.DueDate);

        Assert.Null(finding.ChangeSeverity(FindingSeverity.Critical, "Customer impact.", terms, "riley.analyst", opened.AddDays(1)));

        Assert.Equal(new DateOnly(2026, 3, 4), finding.DueDate);
        Assert.Equal(new DateTimeOffset(2026, 3, 5, 0, 0, 0, TimeSpan.Zero), finding.NextSweepAt);
        Assert.Contains(finding.History, h => h.What == "severity" && h.From == "High" && h.To == "Critical" && h.Reason == "Customer impact.");
        Assert.Equal(ServiceKit.Http.RefusalKind.Invalid, finding.ChangeSeverity(FindingSeverity.Critical, "again", terms, "riley.analyst", opened)!.Kind);
    }

    [Fact]
    public void Overdue_escalates_to_the_owners_lead_then_after_the_policys_delay_to_the_risk_function()
    {
        var opened = new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
        var terms = Terms() with
        {
            CriticalDays = 1, Leads = [new OwnerLead("olivia.owner", "lena.lead")], RiskFunction = ["model-risk@acme.test"], RiskFunctionAfterDays = 3,
        };
        var finding = Finding.Open(new FindingOpening("acme-lending", "m", null, null, FindingSource.Audit, "audit/esc", "t", "d", FindingSeverity.Critical,
            "r", "olivia.owner", []), terms, "olivia.owner", opened);

        Assert.Empty(finding.Sweep(terms, finding.DueAt.AddTicks(-1)));
        var first = Assert.Single(finding.Sweep(terms, finding.DueAt));
        Assert.Equal((1, "lena.lead"), (first.Level, Assert.Single(first.Recipients)));
        Assert.Equal(finding.DueAt, finding.OverdueSince);
        Assert.Empty(finding.Sweep(terms, finding.DueAt.AddDays(1)));
        var second = Assert.Single(finding.Sweep(terms, finding.DueAt.AddDays(3)));
        Assert.Equal((2, "model-risk@acme.test"), (second.Level, Assert.Single(second.Recipients)));
        Assert.Null(finding.NextSweepAt);
    }
}
