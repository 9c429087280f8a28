using System.Text.Json;
using ModelRisk.Monitoring.Models.Alerts;
using ModelRisk.Monitoring.Models.Plans;
using ModelRisk.ServiceKit.Webhooks;

namespace ModelRisk.Monitoring.Features.Alerts;

/// <summary>
/// The bodies of alert webhooks, signed like every platform webhook (ADR 082) and documented in
/// docs/monitoring.md for the on-call and retraining integrations that consume them.
/// </summary>
public static class AlertPayloads
{
    public static WebhookDelivery Delivery(MonitoringPlan plan, Alert alert, string eventType, string url, DateTimeOffset now)
    {
        var body = new
        {
            @event = eventType,
            occurredAt = now,
            org = alert.Org,
            alert = new
            {
                id = alert.Id,
                state = alert.State.ToString(),
                severity = alert.Severity.ToString(),
                metric = alert.Metric,
                column = alert.Column,
                labels = Models.Points.SeriesLabels.Parse(alert.Series),
                value = alert.Value,
                threshold = double.IsNaN(alert.Threshold) ? (double?)null : alert.Threshold,
                breaches = alert.Breaches,
                firstBreachAt = alert.FirstBreachAt,
                firedAt = alert.FiredAt,
                leadTimeSeconds = alert.LeadTime.TotalSeconds,
                resolvedAt = alert.ResolvedAt,
                link = $"/api/monitoring/alerts/{alert.Id}",
            },
            plan = new
            {
                id = plan.Id,
                name = plan.Name,
                modelId = plan.ModelId,
                modelVersionId = plan.ModelVersionId,
                runbookUrl = plan.RunbookUrl,
                dashboardUrl = plan.DashboardUrl,
            },
        };
        return WebhookDelivery.Create(alert.Org, eventType, alert.Id, url, JsonSerializer.Serialize(body, JsonSerializerOptions.Web), now);
    }
}
