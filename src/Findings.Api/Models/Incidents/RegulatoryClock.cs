namespace ModelRisk.Findings.Models.Incidents;

/// <summary>
/// The EU AI Act's serious-incident report deadlines, counted from when the provider became aware (ADR 084):
/// 2 days for a widespread infringement or a serious and irreversible disruption of critical infrastructure,
/// 10 days when a person died, 15 days otherwise. Where several apply, the shortest does. No deadline out of scope.
/// </summary>
public static class RegulatoryClock
{
    public const int DefaultDays = 15;
    public const int DeathDays = 10;
    public const int WidespreadDays = 2;

    public static (DateTimeOffset Deadline, int Days, string Basis)? Deadline(DateTimeOffset awareAt, RegulatoryScope? scope)
    {
        if (scope is not { HighRiskInScope: true })
        {
            return null;
        }
        var (days, basis) = scope.WidespreadOrCriticalInfrastructure
            ? (WidespreadDays, "widespread infringement or serious and irreversible disruption of critical infrastructure")
            : scope.Death
                ? (DeathDays, "death of a person")
                : (DefaultDays, "serious incident");
        return (awareAt.AddDays(days), days, basis);
    }

    /// <summary>When to remind: the lead time before the deadline, but never earlier than half-way through a short window.</summary>
    public static DateTimeOffset ReminderAt(DateTimeOffset awareAt, DateTimeOffset deadline, TimeSpan lead)
    {
        var half = TimeSpan.FromTicks((deadline - awareAt).Ticks / 2);
        return deadline - (lead < half ? lead : half);
    }
}
