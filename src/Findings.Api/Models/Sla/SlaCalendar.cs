namespace ModelRisk.Findings.Models.Sla;

/// <summary>
/// Due dates under an SLA (ADR 081): the days are counted in the org's time zone from the local date a finding was
/// opened, as calendar days or as business days (Monday to Friday, the org's holidays skipped), and the finding is due
/// at the end of that local day, which is stored as the UTC instant the next local day begins.
/// </summary>
public static class SlaCalendar
{
    public static (DateOnly DueDate, DateTimeOffset DueAt) Due(DateTimeOffset from, int days, SlaTerms terms)
    {
        var zone = terms.Zone;
        var start = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(from, zone).DateTime);
        var due = terms.Calendar == SlaCalendarKind.Calendar ? start.AddDays(days) : AddBusinessDays(start, days, terms.Holidays);
        return (due, EndOfLocalDay(due, zone));
    }

    /// <summary>A date the source fixed (a condition's due date): due at the end of that day in the org's zone.</summary>
    public static DateTimeOffset EndOfLocalDay(DateOnly date, TimeZoneInfo zone)
    {
        var next = date.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        // Where a zone skips midnight (a daylight-saving change at 00:00), the day ends when the clocks show a time again.
        while (zone.IsInvalidTime(next))
        {
            next = next.AddMinutes(15);
        }
        return new DateTimeOffset(next, zone.GetUtcOffset(next)).ToUniversalTime();
    }

    public static bool IsBusinessDay(DateOnly date, IReadOnlyCollection<DateOnly> holidays) =>
        date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !holidays.Contains(date);

    private static DateOnly AddBusinessDays(DateOnly start, int days, IReadOnlyCollection<DateOnly> holidays)
    {
        var date = start;
        for (var added = 0; added < days;)
        {
            date = date.AddDays(1);
            if (IsBusinessDay(date, holidays))
            {
                added++;
            }
        }
        return date;
    }
}
