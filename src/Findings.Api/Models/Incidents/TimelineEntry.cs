namespace ModelRisk.Findings.Models.Incidents;

public sealed record TimelineEntry(DateTimeOffset At, string Text, string RecordedBy, DateTimeOffset RecordedAt);
