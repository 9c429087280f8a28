using ModelRisk.ServiceKit.Webhooks;

namespace ModelRisk.Findings.Features.Webhooks;

/// <summary>One webhook delivery and its log of attempts.</summary>
public sealed record DeliveryResponse(string Id, string Org, string EventType, string SubjectId, string Url, DeliveryStatus Status,
    DateTimeOffset CreatedAt, DateTimeOffset NextAttemptAt, DateTimeOffset? DeliveredAt, IReadOnlyList<DeliveryAttempt> Attempts, string Body)
{
    public static DeliveryResponse From(WebhookDelivery d) =>
        new(d.Id, d.Org, d.EventType, d.SubjectId, d.Url, d.Status, d.CreatedAt, d.NextAttemptAt, d.DeliveredAt, d.Attempts, d.Body);
}
