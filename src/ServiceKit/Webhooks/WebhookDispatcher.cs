using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Logging;

namespace ModelRisk.ServiceKit.Webhooks;

/// <summary>
/// Sends due webhook deliveries, signed (ADR 082). Safe with several replicas: a delivery is claimed by saving a lease
/// under its revision, so only the replica whose claim saved sends it. A failure is logged on the delivery and retried
/// with exponential backoff until <see cref="WebhookOptions.MaxAttempts"/>, then marked Failed.
/// </summary>
public sealed class WebhookDispatcher<TDbContext>(TDbContext db, WebhookClient client, IOptions<WebhookOptions> options, TimeProvider time,
    ILogger<WebhookDispatcher<TDbContext>> logger) where TDbContext : DbContext
{
    private const int BatchSize = 20;

    public async Task<int> DeliverDueAsync(CancellationToken ct)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        var due = await db.Set<WebhookDelivery>().AsNoTracking()
            .Where(d => d.Status == DeliveryStatus.Pending && d.NextAttemptAt <= now && (d.LeaseUntil == null || d.LeaseUntil <= now))
            .OrderBy(d => d.NextAttemptAt).Take(BatchSize).Select(d => d.Id).ToListAsync(ct);
        var sent = 0;
        foreach (var id in due)
        {
            db.ChangeTracker.Clear();
            var delivery = await db.Set<WebhookDelivery>().FirstAsync(d => d.Id == id, ct);
            if (!delivery.IsDue(now))
            {
                continue;
            }
            delivery.Lease(now + settings.Timeout + settings.Timeout);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                logger.LogInformation("Another replica claimed webhook delivery {DeliveryId}", id);
                continue;
            }
            await SendAsync(delivery, settings, ct);
            await db.SaveChangesAsync(ct);
            sent++;
        }
        return sent;
    }

    private async Task SendAsync(WebhookDelivery delivery, WebhookOptions settings, CancellationToken ct)
    {
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url)
        {
            Content = new StringContent(delivery.Body, Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation(WebhookSignature.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation(WebhookSignature.SignatureHeader, WebhookSignature.Sign(settings.SigningSecret, timestamp, delivery.Body));
        request.Headers.TryAddWithoutValidation(WebhookSignature.EventHeader, delivery.EventType);
        request.Headers.TryAddWithoutValidation(WebhookSignature.DeliveryHeader, delivery.Id);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(settings.Timeout);
        int? status = null;
        string error;
        try
        {
            using var response = await client.Http.SendAsync(request, timeout.Token);
            status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                delivery.Succeeded(status.Value, time.GetUtcNow());
                logger.LogInformation("Webhook {EventType} delivery {DeliveryId} accepted with {Status}", delivery.EventType, delivery.Id, status);
                return;
            }
            error = $"The receiver answered {status}.";
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            error = e is OperationCanceledException ? $"No answer within {settings.Timeout}." : e.Message;
        }
        var attempts = delivery.Attempts.Count + 1;
        delivery.FailedAttempt(status, error, time.GetUtcNow(), settings.BackoffAfter(attempts), settings.MaxAttempts);
        logger.LogWarning("Webhook {EventType} delivery {DeliveryId} attempt {Attempt} failed: {Error}", delivery.EventType, delivery.Id, attempts, error);
    }
}
