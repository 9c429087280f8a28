namespace ModelRisk.Findings.Features.Findings;

public sealed record AddCommentRequest(string? Text);
