namespace ModelRisk.ServiceKit.Webhooks;

/// <summary>One try at a delivery: when, the receiver's status code (none when it could not be reached), and what went wrong.</summary>
public sealed record DeliveryAttempt(DateTimeOffset At, int? StatusCode, string? Error);
