using System.Text.Json;
using ModelRisk.Contracts.Findings.V1;
using ModelRisk.Findings.Models.Findings;
using ModelRisk.Findings.Models.Incidents;
using ModelRisk.ServiceKit.Webhooks;

namespace ModelRisk.Findings.Features.Webhooks;

/// <summary>The bodies of outbound webhooks, documented in docs/findings-webhooks.md for the ticketing integrations that consume them.</summary>
public static class WebhookPayloads
{
    public const string FindingEscalated = "finding.escalated";
    public const string IncidentReportDue = "incident.report-due";

    public static WebhookDelivery Escalation(Finding finding, FindingEscalated escalated, string url, DateTimeOffset now)
    {
        var body = new
        {
            @event = FindingEscalated,
            occurredAt = now,
            org = finding.Org,
            escalation = new
            {
                level = escalated.Level,
                to = escalated.Level == 1 ? "owner-lead" : "risk-function",
                recipients = escalated.Recipients,
            },
            finding = new
            {
                id = finding.Id,
                title = finding.Title,
                severity = finding.Severity.ToString(),
                state = finding.State.ToString(),
                source = finding.Source.ToString(),
                sourceKey = finding.SourceKey,
                modelId = finding.ModelId,
                owner = finding.Owner,
                dueDate = finding.DueDate,
                dueAt = finding.DueAt,
                overdueSince = finding.OverdueSince,
                link = $"/api/findings/{finding.Id}",
            },
        };
        return WebhookDelivery.Create(finding.Org, FindingEscalated, finding.Id, url, JsonSerializer.Serialize(body, JsonSerializerOptions.Web), now);
    }

    public static WebhookDelivery ReportDue(Incident incident, string url, DateTimeOffset now)
    {
        var clock = RegulatoryClock.Deadline(incident.AwareAt, incident.RegulatoryScope);
        var body = new
        {
            @event = IncidentReportDue,
            occurredAt = now,
            org = incident.Org,
            incident = new
            {
                id = incident.Id,
                title = incident.Title,
                severity = incident.Severity.ToString(),
                modelId = incident.ModelId,
                awareAt = incident.AwareAt,
                reportDeadline = incident.ReportDeadline,
                deadlineDays = clock?.Days,
                basis = clock?.Basis,
                link = $"/api/findings/incidents/{incident.Id}",
            },
        };
        return WebhookDelivery.Create(incident.Org, IncidentReportDue, incident.Id, url, JsonSerializer.Serialize(body, JsonSerializerOptions.Web), now);
    }
}
