namespace ModelRisk.Findings.Tests.Infrastructure;

public sealed record ReceivedWebhook(IReadOnlyDictionary<string, string> Headers, string Body);
