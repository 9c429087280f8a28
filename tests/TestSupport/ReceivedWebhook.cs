namespace ModelRisk.TestSupport;

/// <summary>One request a <see cref="WebhookReceiver"/> took: its path, headers and body.</summary>
public sealed record ReceivedWebhook(string Path, IReadOnlyDictionary<string, string> Headers, string Body);
