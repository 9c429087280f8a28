using ModelRisk.Findings.Models.Incidents;

namespace ModelRisk.Findings.Tests.Unit;

public sealed class RegulatoryClockTests
{
    private static readonly DateTimeOffset Aware = new(2026, 4, 1, 8, 0, 0, TimeSpan.Zero);

    private static RegulatoryScope Scope(bool inScope, bool death = false, bool widespread = false) =>
        new(inScope, death, widespread, "assessed", "riley.analyst", Aware);

    [Theory]
    [InlineData(false, false, 15)]
    [InlineData(true, false, 10)]
    [InlineData(false, true, 2)]
    [InlineData(true, true, 2)]
    public void The_deadline_counts_from_awareness_and_the_shortest_applicable_period_wins(bool death, bool widespread, int days)
    {
        var clock = RegulatoryClock.Deadline(Aware, Scope(true, death, widespread));

        Assert.Equal(days, clock!.Value.Days);
        Assert.Equal(Aware.AddDays(days), clock.Value.Deadline);
    }

    [Fact]
    public void Out_of_scope_or_unassessed_there_is_no_deadline()
    {
        Assert.Null(RegulatoryClock.Deadline(Aware, Scope(false, death: true)));
        Assert.Null(RegulatoryClock.Deadline(Aware, null));
    }

    [Fact]
    public void The_reminder_comes_the_lead_time_before_the_deadline_but_not_before_half_the_window()
    {
        Assert.Equal(Aware.AddDays(13), RegulatoryClock.ReminderAt(Aware, Aware.AddDays(15), TimeSpan.FromHours(48)));
        Assert.Equal(Aware.AddDays(1), RegulatoryClock.ReminderAt(Aware, Aware.AddDays(2), TimeSpan.FromHours(48)));
    }

    [Fact]
    public void An_incident_in_scope_carries_its_deadline_and_one_reminder_until_it_is_reported()
    {
        var incident = Incident.Report("acme-lending", "m", "Wrong denials", "d", Models.Findings.FindingSeverity.Critical, Aware.AddHours(-2), Aware,
            new BlastRadius([], 10, ["DE"]), "olivia.owner", Aware);
        incident.SetRegulatoryScope(true, true, false, "High-risk credit scoring; a customer died.", TimeSpan.FromHours(48), "riley.analyst", Aware);

        Assert.Equal(Aware.AddDays(10), incident.ReportDeadline);
        Assert.False(incident.TakeReminder(Aware.AddDays(7)));
        Assert.True(incident.TakeReminder(Aware.AddDays(8)));
        Assert.False(incident.TakeReminder(Aware.AddDays(9)));
        Assert.Null(incident.NextSweepAt);
    }
}
