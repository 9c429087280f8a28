using ModelRisk.ServiceKit.Domain;

namespace ModelRisk.ServiceKit.Webhooks;

/// <summary>
/// One outbound webhook message and its delivery log (ADR 082). Written in the same transaction as the change that
/// caused it; the dispatcher claims it with the revision as a lease, posts it signed, and retries with backoff.
/// </summary>
public sealed class WebhookDelivery : Aggregate, IOrgOwned
{
    private readonly List<DeliveryAttempt> _attempts = [];

    private WebhookDelivery()
    {
    }

    public string Org { get; private set; } = "";
    public string EventType { get; private set; } = "";
    public string SubjectId { get; private set; } = "";
    public string Url { get; private set; } = "";
    public string Body { get; private set; } = "";
    public DeliveryStatus Status { get; private set; }
    public DateTimeOffset NextAttemptAt { get; private set; }
    public DateTimeOffset? LeaseUntil { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? DeliveredAt { get; private set; }
    public IReadOnlyList<DeliveryAttempt> Attempts => _attempts;

    public static WebhookDelivery Create(string org, string eventType, string subjectId, string url, string body, DateTimeOffset now) => new()
    {
        Id = NewId(), Org = org, EventType = eventType, SubjectId = subjectId, Url = url, Body = body, Status = DeliveryStatus.Pending,
        NextAttemptAt = now, CreatedAt = now, Revision = 1,
    };

    public bool IsDue(DateTimeOffset now) => Status == DeliveryStatus.Pending && now >= NextAttemptAt && (LeaseUntil is null || now >= LeaseUntil);

    /// <summary>Claims the delivery for one attempt; saving the claim is what makes a replica its only sender.</summary>
    public void Lease(DateTimeOffset until)
    {
        LeaseUntil = until;
        Touch();
    }

    public void Succeeded(int statusCode, DateTimeOffset now)
    {
        _attempts.Add(new DeliveryAttempt(now, statusCode, null));
        Status = DeliveryStatus.Delivered;
        DeliveredAt = now;
        LeaseUntil = null;
        Touch();
    }

    /// <summary>A failed attempt: retried after <paramref name="backoff"/>, or given up after <paramref name="maxAttempts"/>.</summary>
    public void FailedAttempt(int? statusCode, string error, DateTimeOffset now, TimeSpan backoff, int maxAttempts)
    {
        _attempts.Add(new DeliveryAttempt(now, statusCode, error.Length <= 500 ? error : error[..500]));
        LeaseUntil = null;
        if (_attempts.Count >= maxAttempts)
        {
            Status = DeliveryStatus.Failed;
        }
        else
        {
            NextAttemptAt = now + backoff;
        }
        Touch();
    }
}
