namespace ModelRisk.Findings.Features.Incidents;

public sealed record TimelineEntryRequest(DateTimeOffset? At, string? Text);
