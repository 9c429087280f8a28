using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ModelRisk.Findings.Features.Webhooks;
using ModelRisk.Findings.Models.Findings;
using ModelRisk.Findings.Tests.Infrastructure;
using ModelRisk.Messaging.Outbox;
using ModelRisk.ServiceKit.Webhooks;
using ModelRisk.TestSupport;

namespace ModelRisk.Findings.Tests;

/// <summary>
/// The SLA sweep and the escalation webhook, run at chosen instants against a real HTTP receiver on a loopback port:
/// overdue findings escalate to the owner's lead then the risk function, signed, retried with backoff, logged. Each test
/// has a service of its own: a sweep and a dispatch round act on every org, so counts would include another test's findings.
/// </summary>
public sealed class SweepAndWebhookTests : IAsyncLifetime
{
    private readonly FindingsFactory _factory = new();
    private readonly WebhookReceiver _receiver = new("hooks/findings");
    private readonly string _org = "sweep-" + Guid.NewGuid().ToString("N")[..8];

    private FindingFlow Flow => new(_factory);

    private string Owner => TestIdentity.Token("olivia.owner", ["model-owner"], [_org]);

    public async Task InitializeAsync()
    {
        await ((IAsyncLifetime)_factory).InitializeAsync();
        await Flow.SendAsync(People.Analyst, HttpMethod.Put, $"/api/findings/sla-policies/{_org}", new
        {
            criticalDays = 1, highDays = 5, mediumDays = 30, lowDays = 90, leads = new[] { new { owner = "olivia.owner", lead = "lena.lead" } },
            riskFunction = new[] { "model-risk-function" }, riskFunctionAfterDays = 2, webhookUrl = _receiver.Url, regulatoryReminderHours = 48,
        });
    }

    public async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        await _factory.DisposeAsync();
    }

    private Task<List<WebhookDelivery>> DeliveriesAsync(string subjectId) =>
        _factory.QueryAsync(db => db.WebhookDeliveries.AsNoTracking().Where(d => d.SubjectId == subjectId).OrderBy(d => d.Id).ToListAsync());

    [Fact]
    public async Task An_overdue_finding_escalates_through_a_signed_webhook_that_is_retried_with_backoff_and_logged()
    {
        var finding = await Flow.RaiseAsync(org: _org, severity: "Critical", token: Owner);
        var id = FindingFlow.Id(finding);
        var due = finding.GetProperty("dueAt").GetDateTimeOffset();

        Assert.Equal(0, (await _factory.SweepAsync(due.AddMinutes(-1))).Escalations);
        var swept = await _factory.SweepAsync(due.AddMinutes(1));
        Assert.Equal(1, swept.Escalations);
        var overdue = await Flow.SendAsync(Owner, HttpMethod.Get, $"/api/findings/{id}");
        Assert.Equal(1, overdue.GetProperty("escalationLevel").GetInt32());
        Assert.Equal(due.AddMinutes(1), overdue.GetProperty("overdueSince").GetDateTimeOffset());

        var first = due.AddMinutes(2);
        _receiver.AnswerNext(HttpStatusCode.InternalServerError);
        Assert.Equal(1, await _factory.DispatchAsync(first));
        var delivery = Assert.Single(await DeliveriesAsync(id));
        Assert.Equal((DeliveryStatus.Pending, 1, first.AddSeconds(30)), (delivery.Status, delivery.Attempts.Count, delivery.NextAttemptAt));
        Assert.Equal(500, delivery.Attempts[0].StatusCode);

        Assert.Equal(0, await _factory.DispatchAsync(first.AddSeconds(29)));
        Assert.Equal(1, await _factory.DispatchAsync(first.AddSeconds(30)));

        delivery = Assert.Single(await DeliveriesAsync(id));
        Assert.Equal(DeliveryStatus.Delivered, delivery.Status);
        var received = _receiver.Received.ToList();
        Assert.Equal(2, received.Count);
        foreach (var (request, at) in received.Zip([first, first.AddSeconds(30)]))
        {
            Assert.True(WebhookSignature.Verify(FindingsFactory.SigningSecret, request.Headers["X-MRP-Timestamp"], request.Body, request.Headers["X-MRP-Signature"],
                at, TimeSpan.FromMinutes(5)), "the receiver could not verify the signature");
            Assert.Equal(delivery.Id, request.Headers["X-MRP-Delivery"]);
            Assert.Equal("finding.escalated", request.Headers["X-MRP-Event"]);
        }
        using var body = JsonDocument.Parse(received[1].Body);
        Assert.Equal(1, body.RootElement.GetProperty("escalation").GetProperty("level").GetInt32());
        Assert.Equal("lena.lead", body.RootElement.GetProperty("escalation").GetProperty("recipients")[0].GetString());
        Assert.Equal(id, body.RootElement.GetProperty("finding").GetProperty("id").GetString());

        var log = await Flow.SendAsync(People.Auditor, HttpMethod.Get, $"/api/findings/webhook-deliveries?subjectId={id}");
        var entry = Assert.Single(log.GetProperty("items").EnumerateArray());
        Assert.Equal("Delivered", entry.GetProperty("status").GetString());
        Assert.Equal([500, 200], entry.GetProperty("attempts").EnumerateArray().Select(a => a.GetProperty("statusCode").GetInt32()));
    }

    [Fact]
    public async Task Past_the_policys_delay_it_escalates_to_the_risk_function_and_a_receiver_that_keeps_failing_is_given_up_after_the_last_attempt()
    {
        var finding = await Flow.RaiseAsync(org: _org, severity: "Critical", token: Owner);
        var id = FindingFlow.Id(finding);
        var due = finding.GetProperty("dueAt").GetDateTimeOffset();
        await _factory.SweepAsync(due);
        Assert.Equal(1, await _factory.DispatchAsync(due));

        var late = due.AddDays(2);
        Assert.Equal(1, (await _factory.SweepAsync(late)).Escalations);
        Assert.Equal(0, (await _factory.SweepAsync(late.AddDays(5))).Escalations);
        _receiver.AnswerNext(HttpStatusCode.BadGateway, HttpStatusCode.BadGateway, HttpStatusCode.BadGateway);
        Assert.Equal(1, await _factory.DispatchAsync(late));
        Assert.Equal(1, await _factory.DispatchAsync(late.AddSeconds(30)));
        Assert.Equal(1, await _factory.DispatchAsync(late.AddSeconds(90)));
        Assert.Equal(0, await _factory.DispatchAsync(late.AddDays(1)));

        var deliveries = await DeliveriesAsync(id);
        Assert.Equal([DeliveryStatus.Delivered, DeliveryStatus.Failed], deliveries.Select(d => d.Status));
        using var body = JsonDocument.Parse(deliveries[1].Body);
        Assert.Equal("risk-function", body.RootElement.GetProperty("escalation").GetProperty("to").GetString());
        Assert.Equal(3, deliveries[1].Attempts.Count);
        Assert.Equal(2, await _factory.QueryAsync(db => db.Set<OutboxMessage>().CountAsync(m => m.MessageType.EndsWith("FindingEscalated") && m.Body.Contains(id))));
    }

    [Fact]
    public async Task Two_replicas_sweeping_at_once_escalate_each_finding_once()
    {
        var ids = new List<string>();
        DateTimeOffset due = default;
        for (var i = 0; i < 12; i++)
        {
            var finding = await Flow.RaiseAsync(org: _org, severity: "Critical", token: Owner);
            ids.Add(FindingFlow.Id(finding));
            due = finding.GetProperty("dueAt").GetDateTimeOffset();
        }

        var results = await Task.WhenAll(_factory.SweepAsync(due.AddMinutes(1), batchSize: 5), _factory.SweepAsync(due.AddMinutes(1), batchSize: 5));

        var escalations = await _factory.QueryAsync(db => db.Set<OutboxMessage>().Where(m => m.MessageType.EndsWith("FindingEscalated")).Select(m => m.Body).ToListAsync());
        var deliveries = await _factory.QueryAsync(db => db.WebhookDeliveries.Where(d => ids.Contains(d.SubjectId)).CountAsync());
        Assert.All(ids, id => Assert.Single(escalations, body => body.Contains(id, StringComparison.Ordinal)));
        Assert.Equal(ids.Count, deliveries);
        Assert.Equal(ids.Count, results.Sum(r => r.Escalations));
    }

    [Fact]
    public async Task An_expired_risk_acceptance_reopens_the_finding_in_the_sweep()
    {
        var finding = await Flow.RaiseAsync(org: _org, severity: "Low", token: Owner);
        var expires = DateTimeOffset.UtcNow.AddDays(10);
        var problem = await Flow.ActAsync(finding, People.Approver, "risk-acceptance", new { rationale = "Compensating manual review." }, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("expires", out _));
        var accepted = await Flow.ActAsync(finding, People.Approver, "risk-acceptance", new { rationale = "Compensating manual review.", expires });
        Assert.Equal("RiskAccepted", accepted.GetProperty("state").GetString());

        Assert.Equal(0, (await _factory.SweepAsync(expires.AddMinutes(-1))).AcceptancesExpired);
        Assert.Equal(1, (await _factory.SweepAsync(expires.AddMinutes(1))).AcceptancesExpired);

        var reopened = await Flow.SendAsync(Owner, HttpMethod.Get, $"/api/findings/{FindingFlow.Id(finding)}");
        Assert.Equal("Reopened", reopened.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, reopened.GetProperty("riskAcceptance").ValueKind);
    }

    [Fact]
    public async Task An_incident_in_the_eu_ai_acts_scope_shows_its_deadline_and_is_reminded_once_before_it_passes()
    {
        var aware = DateTimeOffset.UtcNow.AddHours(-1);
        var incident = await Flow.SendAsync(Owner, HttpMethod.Post, "/api/findings/incidents", new
        {
            org = _org, modelId = "model-1", title = "Wrong credit denials", severity = "Critical", detectedAt = aware.AddHours(-3), awareAt = aware,
            blastRadius = new { endpoints = new[] { "https://score.acme.test/v1" }, customers = 1200, geographies = new[] { "DE", "FR" } },
        }, HttpStatusCode.Created);
        Assert.False(incident.GetProperty("regulatoryReport").GetProperty("required").GetBoolean());
        var id = FindingFlow.Id(incident);

        await Flow.SendAsync(Owner, HttpMethod.Put, $"/api/findings/incidents/{id}/regulatory-scope",
            new { highRiskInScope = true, rationale = "x" }, HttpStatusCode.Forbidden, FindingFlow.ETag(incident));
        incident = await Flow.SendAsync(People.Analyst, HttpMethod.Put, $"/api/findings/incidents/{id}/regulatory-scope",
            new { highRiskInScope = true, widespreadOrCriticalInfrastructure = true, rationale = "Annex III credit scoring; denials across two member states." },
            ifMatch: FindingFlow.ETag(incident));

        var report = incident.GetProperty("regulatoryReport");
        Assert.Equal(2, report.GetProperty("deadlineDays").GetInt32());
        var deadline = report.GetProperty("deadline").GetDateTimeOffset();
        Assert.Equal(aware.AddDays(2).ToUnixTimeMilliseconds(), deadline.ToUnixTimeMilliseconds());
        Assert.Equal(0, (await _factory.SweepAsync(aware.AddHours(23))).IncidentReminders);
        Assert.Equal(1, (await _factory.SweepAsync(aware.AddDays(1))).IncidentReminders);
        Assert.Equal(0, (await _factory.SweepAsync(aware.AddDays(1).AddHours(1))).IncidentReminders);
        var delivery = Assert.Single(await DeliveriesAsync(id));
        Assert.Equal(WebhookPayloads.IncidentReportDue, delivery.EventType);

        incident = await Flow.SendAsync(People.Analyst, HttpMethod.Post, $"/api/findings/incidents/{id}/authority-report",
            new { reportedAt = DateTimeOffset.UtcNow, reference = "MSA-2026-0042" }, ifMatch: FindingFlow.ETag(
                await Flow.SendAsync(People.Analyst, HttpMethod.Get, $"/api/findings/incidents/{id}")));
        Assert.Equal("MSA-2026-0042", incident.GetProperty("regulatoryReport").GetProperty("reference").GetString());
        Assert.False(incident.GetProperty("regulatoryReport").GetProperty("overdue").GetBoolean());
    }

    [Fact]
    public async Task An_incidents_mitigation_sets_its_time_to_mitigate_and_its_corrective_actions_are_findings()
    {
        var detected = DateTimeOffset.UtcNow.AddHours(-5);
        var incident = await Flow.SendAsync(Owner, HttpMethod.Post, "/api/findings/incidents", new
        {
            org = _org, modelId = "model-2", title = "Latency spike", severity = "High", detectedAt = detected, awareAt = detected.AddMinutes(10),
        }, HttpStatusCode.Created);
        var id = FindingFlow.Id(incident);
        incident = await Flow.SendAsync(Owner, HttpMethod.Put, $"/api/findings/incidents/{id}/mitigation",
            new { kind = "Rollback", description = "Rolled back to 1.4.2.", mitigatedAt = detected.AddMinutes(90) }, ifMatch: FindingFlow.ETag(incident));
        Assert.Equal(90, incident.GetProperty("minutesToMitigate").GetDouble());

        var action = await Flow.SendAsync(Owner, HttpMethod.Post, $"/api/findings/incidents/{id}/corrective-actions", new
        {
            title = "Add a latency canary", severity = "Medium", severityRationale = "Prevents recurrence.", owner = "olivia.owner",
        }, HttpStatusCode.Created, FindingFlow.ETag(incident));

        Assert.Equal("IncidentCorrectiveAction", action.GetProperty("source").GetString());
        Assert.Equal(id, action.GetProperty("incidentId").GetString());
        incident = await Flow.SendAsync(Owner, HttpMethod.Get, $"/api/findings/incidents/{id}");
        Assert.Equal(FindingFlow.Id(action), incident.GetProperty("correctiveActionFindingIds")[0].GetString());
    }
}
