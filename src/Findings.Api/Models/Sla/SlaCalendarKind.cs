namespace ModelRisk.Findings.Models.Sla;

/// <summary>How an SLA's days are counted: every day, or Monday to Friday without the org's holidays.</summary>
public enum SlaCalendarKind
{
    Calendar,
    Business,
}
