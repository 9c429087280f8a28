using ModelRisk.Findings.Models.Findings;
using ModelRisk.ServiceKit.Domain;
using ModelRisk.ServiceKit.Http;

namespace ModelRisk.Findings.Models.Incidents;

/// <summary>
/// A model incident: its severity, when it was detected and when the provider became aware, what it reached, its
/// timeline, how it was mitigated (and so its time to mitigate), the postmortem, and the corrective actions, each a
/// finding. When a risk analyst puts it in the EU AI Act's scope, it carries a report deadline and a reminder.
/// </summary>
public sealed class Incident : Aggregate, IOrgOwned
{
    private readonly List<TimelineEntry> _timeline = [];

    private Incident()
    {
    }

    public string Org { get; private set; } = "";
    public string ModelId { get; private set; } = "";
    public string Title { get; private set; } = "";
    public string Description { get; private set; } = "";
    public FindingSeverity Severity { get; private set; }
    public DateTimeOffset DetectedAt { get; private set; }
    public DateTimeOffset AwareAt { get; private set; }
    public BlastRadius BlastRadius { get; private set; } = new([], null, []);
    public Mitigation? Mitigation { get; private set; }
    public Postmortem? Postmortem { get; private set; }
    public RegulatoryScope? RegulatoryScope { get; private set; }
    public DateTimeOffset? ReportDeadline { get; private set; }
    public DateTimeOffset? ReportedAt { get; private set; }
    public string? ReportReference { get; private set; }
    public DateTimeOffset? ReminderSentAt { get; private set; }

    /// <summary>When the sweep must send the report reminder; null when there is none to send.</summary>
    public DateTimeOffset? NextSweepAt { get; private set; }

    public List<string> CorrectiveActionFindingIds { get; private set; } = [];
    public string ReportedBy { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }

    public IReadOnlyList<TimelineEntry> Timeline => _timeline;

    /// <summary>Time to mitigate (the MTTR sample of this incident), from detection.</summary>
    public TimeSpan? TimeToMitigate => Mitigation is null ? null : Mitigation.MitigatedAt - DetectedAt;

    public static Refusal? WhyNotTimes(DateTimeOffset detectedAt, DateTimeOffset awareAt, DateTimeOffset now)
    {
        if (detectedAt > now)
        {
            return Refusal.Invalid("detectedAt", "Not in the future.");
        }
        if (awareAt > now)
        {
            return Refusal.Invalid("awareAt", "Not in the future.");
        }
        return awareAt < detectedAt ? Refusal.Invalid("awareAt", "Not before detectedAt: awareness follows detection.") : null;
    }

    public static Incident Report(string org, string modelId, string title, string description, FindingSeverity severity, DateTimeOffset detectedAt,
        DateTimeOffset awareAt, BlastRadius blastRadius, string actor, DateTimeOffset now)
    {
        var incident = new Incident
        {
            Id = NewId(), Org = org, ModelId = modelId, Title = title, Description = description, Severity = severity, DetectedAt = detectedAt,
            AwareAt = awareAt, BlastRadius = blastRadius, ReportedBy = actor, CreatedAt = now,
        };
        incident._timeline.Add(new TimelineEntry(detectedAt, "Detected.", actor, now));
        incident.Revision = 1;
        return incident;
    }

    public void AddTimelineEntry(DateTimeOffset at, string text, string actor, DateTimeOffset now)
    {
        _timeline.Add(new TimelineEntry(at, text, actor, now));
        _timeline.Sort((a, b) => a.At.CompareTo(b.At));
        Touch();
    }

    public Refusal? Mitigate(MitigationKind kind, string description, DateTimeOffset mitigatedAt, string actor, DateTimeOffset now)
    {
        if (mitigatedAt < DetectedAt)
        {
            return Refusal.Invalid("mitigatedAt", "Not before the incident was detected.");
        }
        if (mitigatedAt > now)
        {
            return Refusal.Invalid("mitigatedAt", "Not in the future.");
        }
        Mitigation = new Mitigation(kind, description, mitigatedAt, actor);
        _timeline.Add(new TimelineEntry(mitigatedAt, $"Mitigated ({kind}): {description}", actor, now));
        _timeline.Sort((a, b) => a.At.CompareTo(b.At));
        Touch();
        return null;
    }

    public void RecordPostmortem(string uri, string sha256, string summary, string actor, DateTimeOffset now)
    {
        Postmortem = new Postmortem(uri, sha256.ToLowerInvariant(), summary, actor, now);
        Touch();
    }

    public void SetRegulatoryScope(bool highRisk, bool death, bool widespread, string rationale, TimeSpan reminderLead, string actor, DateTimeOffset now)
    {
        RegulatoryScope = new RegulatoryScope(highRisk, death, widespread, rationale, actor, now);
        ReportDeadline = RegulatoryClock.Deadline(AwareAt, RegulatoryScope)?.Deadline;
        ReminderSentAt = null;
        ScheduleReminder(reminderLead);
        Touch();
    }

    public Refusal? RecordAuthorityReport(DateTimeOffset reportedAt, string reference, string actor, DateTimeOffset now)
    {
        if (reportedAt > now)
        {
            return Refusal.Invalid("reportedAt", "Not in the future.");
        }
        if (reportedAt < AwareAt)
        {
            return Refusal.Invalid("reportedAt", "Not before the provider became aware of the incident.");
        }
        ReportedAt = reportedAt;
        ReportReference = reference;
        NextSweepAt = null;
        _timeline.Add(new TimelineEntry(reportedAt, $"Reported to the market surveillance authority ({reference}).", actor, now));
        _timeline.Sort((a, b) => a.At.CompareTo(b.At));
        Touch();
        return null;
    }

    public void AddCorrectiveAction(string findingId)
    {
        CorrectiveActionFindingIds.Add(findingId);
        Touch();
    }

    /// <summary>The sweep sends the reminder once; true when it is due now.</summary>
    public bool TakeReminder(DateTimeOffset now)
    {
        if (NextSweepAt is not { } at || now < at || ReportedAt is not null || ReminderSentAt is not null)
        {
            return false;
        }
        ReminderSentAt = now;
        NextSweepAt = null;
        Touch();
        return true;
    }

    private void ScheduleReminder(TimeSpan lead) =>
        NextSweepAt = ReportDeadline is { } deadline && ReportedAt is null ? RegulatoryClock.ReminderAt(AwareAt, deadline, lead) : null;
}
