using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ModelRisk.Contracts.Findings.V1;
using ModelRisk.Contracts.Monitoring.V1;
using ModelRisk.Monitoring.Tests.Infrastructure;
using ModelRisk.ServiceKit.Webhooks;
using ModelRisk.TestSupport;

namespace ModelRisk.Monitoring.Tests;

/// <summary>Alerts on pushed points: consecutive breaches, dedupe, escalation, resolution, lead time, events, findings and webhooks.</summary>
public sealed class AlertTests(MonitoringFactory factory) : IClassFixture<MonitoringFactory>
{
    private readonly People _people = People.InNewOrg();
    private readonly DateTimeOffset _t0 = DateTimeOffset.UtcNow.AddHours(-2).AddTicks(-(DateTimeOffset.UtcNow.Ticks % TimeSpan.TicksPerSecond));

    private MonitoringFlow Flow => new(factory);

    [Fact]
    public async Task An_alert_fires_after_the_consecutive_breaches_with_its_lead_time_from_the_first_breaching_timestamp()
    {
        var model = await factory.RegisterModelAsync(_people.Org);
        await Flow.CreatePlanAsync(_people.Owner, MonitoringFlow.PushedPlan(model, consecutive: 3));

        // Two breaches, then a clean point: the run is broken and nothing fires.
        await Flow.PushAsync(_people.Pipeline, model, [
            MonitoringFlow.Point("toxicity_rate", 0.03, _t0),
            MonitoringFlow.Point("toxicity_rate", 0.04, _t0.AddMinutes(1)),
            MonitoringFlow.Point("toxicity_rate", 0.01, _t0.AddMinutes(2)),
        ]);
        Assert.Empty(await Flow.AlertsAsync(_people.Owner, model));

        // Three in a row fire one warning alert whose breach started at the first of the three.
        await Flow.PushAsync(_people.Pipeline, model, [
            MonitoringFlow.Point("toxicity_rate", 0.03, _t0.AddMinutes(3)),
            MonitoringFlow.Point("toxicity_rate", 0.03, _t0.AddMinutes(4)),
            MonitoringFlow.Point("toxicity_rate", 0.04, _t0.AddMinutes(5)),
        ]);
        var alert = Assert.Single(await Flow.AlertsAsync(_people.Owner, model));
        Assert.Equal("Warning", alert.GetProperty("severity").GetString());
        Assert.Equal("Firing", alert.GetProperty("state").GetString());
        Assert.Equal(_t0.AddMinutes(3), alert.GetProperty("firstBreachAt").GetDateTimeOffset());
        var lead = alert.GetProperty("leadTimeSeconds").GetDouble();
        var expected = (alert.GetProperty("firedAt").GetDateTimeOffset() - _t0.AddMinutes(3)).TotalSeconds;
        Assert.Equal(expected, lead, 3);
        Assert.Equal(3, alert.GetProperty("breaches").GetInt32());
    }

    [Fact]
    public async Task Further_breaches_update_the_firing_alert_a_critical_one_escalates_it_and_raises_one_finding_and_a_clean_point_resolves_it()
    {
        var model = await factory.RegisterModelAsync(_people.Org, owner: "casey.owner");
        await Flow.CreatePlanAsync(_people.Owner, MonitoringFlow.PushedPlan(model));

        await Flow.PushAsync(_people.Pipeline, model, [MonitoringFlow.Point("toxicity_rate", 0.03, _t0)]);
        await Flow.PushAsync(_people.Pipeline, model, [MonitoringFlow.Point("toxicity_rate", 0.035, _t0.AddMinutes(1))]);
        var alert = Assert.Single(await Flow.AlertsAsync(_people.Owner, model));
        Assert.Equal("Warning", alert.GetProperty("severity").GetString());
        Assert.Equal(0.035, alert.GetProperty("value").GetDouble());

        await Flow.PushAsync(_people.Pipeline, model, [MonitoringFlow.Point("toxicity_rate", 0.09, _t0.AddMinutes(2))]);
        await Flow.PushAsync(_people.Pipeline, model, [MonitoringFlow.Point("toxicity_rate", 0.08, _t0.AddMinutes(3))]);
        alert = Assert.Single(await Flow.AlertsAsync(_people.Owner, model));
        Assert.Equal("Critical", alert.GetProperty("severity").GetString());
        Assert.Equal(0.05, alert.GetProperty("threshold").GetDouble());
        var id = MonitoringFlow.Id(alert);
        Assert.Equal($"monitoring-alert/{id}", alert.GetProperty("findingSourceKey").GetString());

        var findings = await factory.QueryAsync(db => db.Set<Messaging.Outbox.OutboxMessage>().Where(m => m.Body.Contains($"monitoring-alert/{id}")).ToListAsync());
        var finding = Assert.Single(findings);
        Assert.Contains(nameof(FindingRaised), finding.MessageType);
        Assert.Contains("casey.owner", finding.Body);

        await Flow.PushAsync(_people.Pipeline, model, [MonitoringFlow.Point("toxicity_rate", 0.01, _t0.AddMinutes(4))]);
        alert = Assert.Single(await Flow.AlertsAsync(_people.Owner, model));
        Assert.Equal("Resolved", alert.GetProperty("state").GetString());
        var events = await factory.QueryAsync(db => db.Set<Messaging.Outbox.OutboxMessage>().Where(m => m.Body.Contains(id)).Select(m => m.MessageType).ToListAsync());
        Assert.Equal(2, events.Count(t => t.Contains(nameof(MonitoringAlertFired))));
        Assert.Single(events, t => t.Contains(nameof(MonitoringAlertResolved)));

        // A new breach after resolution is a new alert, not the old one reopened.
        await Flow.PushAsync(_people.Pipeline, model, [MonitoringFlow.Point("toxicity_rate", 0.06, _t0.AddMinutes(5))]);
        Assert.Equal(2, (await Flow.AlertsAsync(_people.Owner, model)).Length);
    }

    [Fact]
    public async Task A_resent_batch_and_late_points_change_no_alert_state()
    {
        var model = await factory.RegisterModelAsync(_people.Org);
        await Flow.CreatePlanAsync(_people.Owner, MonitoringFlow.PushedPlan(model, consecutive: 2));
        object[] batch = [MonitoringFlow.Point("toxicity_rate", 0.03, _t0.AddMinutes(10))];

        var first = await Flow.PushAsync(_people.Pipeline, model, batch);
        var again = await Flow.PushAsync(_people.Pipeline, model, batch);
        Assert.Equal(1, first.GetProperty("accepted").GetInt32());
        Assert.Equal(0, again.GetProperty("accepted").GetInt32());
        Assert.Equal(1, again.GetProperty("duplicates").GetInt32());
        Assert.Empty(await Flow.AlertsAsync(_people.Owner, model));

        // An older breaching point arrives late: stored, but it neither counts as the second breach nor resets the run.
        await Flow.PushAsync(_people.Pipeline, model, [MonitoringFlow.Point("toxicity_rate", 0.04, _t0.AddMinutes(5))]);
        Assert.Empty(await Flow.AlertsAsync(_people.Owner, model));
        Assert.Equal(2, await factory.QueryAsync(db => db.Points.CountAsync(p => p.ModelId == model)));

        await Flow.PushAsync(_people.Pipeline, model, [MonitoringFlow.Point("toxicity_rate", 0.04, _t0.AddMinutes(11))]);
        Assert.Single(await Flow.AlertsAsync(_people.Owner, model));
    }

    [Fact]
    public async Task Each_series_alerts_on_its_own()
    {
        var model = await factory.RegisterModelAsync(_people.Org);
        await Flow.CreatePlanAsync(_people.Owner, MonitoringFlow.PushedPlan(model));
        await Flow.PushAsync(_people.Pipeline, model, [
            MonitoringFlow.Point("toxicity_rate", 0.03, _t0, new { locale = "de" }),
            MonitoringFlow.Point("toxicity_rate", 0.01, _t0, new { locale = "fr" }),
            MonitoringFlow.Point("toxicity_rate", 0.04, _t0.AddMinutes(1), new { locale = "de" }),
        ]);
        var alert = Assert.Single(await Flow.AlertsAsync(_people.Owner, model));
        Assert.Equal("de", alert.GetProperty("labels").GetProperty("locale").GetString());
    }

    [Fact]
    public async Task The_alert_webhook_is_signed_and_logged_and_the_retraining_pipeline_is_called()
    {
        await using var receiver = new WebhookReceiver();
        var model = await factory.RegisterModelAsync(_people.Org);
        var plan = MonitoringFlow.PushedPlan(model, route: receiver.Url + "oncall");
        var withRetraining = JsonSerializer.SerializeToNode(plan, JsonSerializerOptions.Web)!.AsObject();
        withRetraining["retraining"] = JsonSerializer.SerializeToNode(new { onSeverity = "Critical", webhookUrl = receiver.Url + "retrain" });
        await Flow.CreatePlanAsync(_people.Owner, withRetraining);

        await Flow.PushAsync(_people.Pipeline, model, [MonitoringFlow.Point("toxicity_rate", 0.2, _t0)]);
        var alert = Assert.Single(await Flow.AlertsAsync(_people.Owner, model));
        // Other tests' deliveries share the log (their routes go nowhere); this alert's two are what this test checks.
        await factory.DispatchAsync(DateTimeOffset.UtcNow.AddSeconds(1));

        var oncall = Assert.Single(receiver.Received, r => r.Path == "/hooks/oncall");
        Assert.Equal("monitoring.alert.fired", oncall.Headers[WebhookSignature.EventHeader]);
        Assert.True(WebhookSignature.Verify(MonitoringFactory.SigningSecret, oncall.Headers[WebhookSignature.TimestampHeader], oncall.Body,
            oncall.Headers[WebhookSignature.SignatureHeader], DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)));
        using var body = JsonDocument.Parse(oncall.Body);
        Assert.Equal(MonitoringFlow.Id(alert), body.RootElement.GetProperty("alert").GetProperty("id").GetString());
        Assert.Equal("Critical", body.RootElement.GetProperty("alert").GetProperty("severity").GetString());
        Assert.Single(receiver.Received, r => r.Path == "/hooks/retrain" && r.Headers[WebhookSignature.EventHeader] == "monitoring.retraining.requested");
        Assert.Equal(2, await factory.QueryAsync(db => db.Set<WebhookDelivery>().CountAsync(d => d.SubjectId == MonitoringFlow.Id(alert) && d.Status == DeliveryStatus.Delivered)));
    }

    [Fact]
    public async Task A_retired_plan_no_longer_alerts()
    {
        var model = await factory.RegisterModelAsync(_people.Org);
        var plan = await Flow.CreatePlanAsync(_people.Owner, MonitoringFlow.PushedPlan(model));
        await Flow.SendAsync(_people.Owner, HttpMethod.Delete, $"/api/monitoring/plans/{MonitoringFlow.Id(plan)}", ifMatch: MonitoringFlow.ETag(plan));
        await Flow.PushAsync(_people.Pipeline, model, [MonitoringFlow.Point("toxicity_rate", 0.9, _t0)]);
        Assert.Empty(await Flow.AlertsAsync(_people.Owner, model));
    }

    [Fact]
    public async Task An_alert_is_acknowledged_once_by_the_models_team_and_not_by_another_org()
    {
        var model = await factory.RegisterModelAsync(_people.Org);
        await Flow.CreatePlanAsync(_people.Owner, MonitoringFlow.PushedPlan(model));
        await Flow.PushAsync(_people.Pipeline, model, [MonitoringFlow.Point("toxicity_rate", 0.03, _t0)]);
        var alert = Assert.Single(await Flow.AlertsAsync(_people.Owner, model));
        var path = $"/api/monitoring/alerts/{MonitoringFlow.Id(alert)}/acknowledge";

        await Flow.SendAsync(People.OtherOrgOwner, HttpMethod.Post, path, new { }, HttpStatusCode.NotFound, MonitoringFlow.ETag(alert));
        var acknowledged = await Flow.SendAsync(_people.Owner, HttpMethod.Post, path, new { }, ifMatch: MonitoringFlow.ETag(alert));
        Assert.Equal("olivia.owner", acknowledged.GetProperty("acknowledgedBy").GetString());
        await Flow.SendAsync(_people.Owner, HttpMethod.Post, path, new { }, HttpStatusCode.Conflict, MonitoringFlow.ETag(acknowledged));
    }
}
