namespace ModelRisk.Findings.Models.Findings;

public sealed record FindingComment(string Id, string Author, DateTimeOffset At, string Text);
