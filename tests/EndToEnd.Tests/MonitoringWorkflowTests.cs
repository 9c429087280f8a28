using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using ModelRisk.TestSupport;

namespace ModelRisk.EndToEnd.Tests;

/// <summary>
/// Production monitoring through the real gateway, broker, services and a validation worker: a model team logs
/// predictions whose income feature has drifted from the reference, the plan's scheduled window runs on a worker, the
/// drift alert fires with its lead time, a finding is raised in Findings, the signed alert reaches the team's webhook,
/// and the metric is on the Prometheus endpoint.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class MonitoringWorkflowTests(PlatformFixture platform)
{
    private const string Org = "acme-lending";

    /// <summary>A window is due at the next minute, the scheduler looks every 30 s, a worker takes seconds: three minutes is ample.</summary>
    private static readonly TimeSpan AlertDeadline = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Drifted_predictions_alert_on_schedule_with_a_finding_a_signed_webhook_and_the_metric_on_prometheus()
    {
        var api = new GatewayApi(platform.Gateway);
        var owner = await platform.SignInAsync("olivia.owner", "dev-only-olivia-pw");
        await using var receiver = new WebhookReceiver("hooks/monitoring");

        var model = await api.SendAsync(owner, HttpMethod.Post, "/api/inventory/models", new
        {
            org = Org, key = $"mon-e2e-{Guid.NewGuid():N}"[..24], name = "Income scorer", modelType = "Classification", owner = "olivia.owner",
        }, HttpStatusCode.Created);
        var modelId = model.GetProperty("id").GetString()!;
        using var reference = new ByteArrayContent(Encoding.UTF8.GetBytes(Reference()));
        reference.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        var dataset = await api.SendAsync(owner, HttpMethod.Post, $"/api/assessment/datasets?org={Org}&name=income-reference", expected: HttpStatusCode.Created,
            content: reference);

        // Monitoring learns the model from Inventory's event within moments; until then it does not know it.
        var now = DateTimeOffset.UtcNow;
        var rows = Enumerable.Range(0, 400).Select(i => new
        {
            predictionId = $"p-{i}",
            timestamp = now.AddMinutes(-5).AddSeconds(i * 0.5),
            score = 0.3 + (i % 50 / 100.0),
            features = new Dictionary<string, object> { ["income"] = 80 + (i % 40) },
        }).ToArray();
        await GatewayApi.EventuallyAsync(async () =>
        {
            using var response = await api.SendRawAsync(owner, HttpMethod.Post, "/api/monitoring/predictions", new { modelId, batchId = "e2e-1", rows });
            return response.StatusCode == HttpStatusCode.OK;
        }, "Monitoring accepts the model's prediction log");

        var plan = await api.SendAsync(owner, HttpMethod.Post, "/api/monitoring/plans", new
        {
            modelId,
            name = "Income drift",
            metrics = new object[]
            {
                new { metric = "psi", column = "income", warning = 0.1, critical = 0.25 },
                new { metric = "volume" },
            },
            window = "10m",
            schedule = "* * * * *",
            referenceDatasetId = dataset.GetProperty("id").GetString(),
            alertRoutes = new[] { receiver.Url + "oncall" },
            runbookUrl = "https://runbooks.example/income-drift",
            dashboardUrl = "https://grafana.example/d/mrp-model-monitoring",
        }, HttpStatusCode.Created);
        Assert.True(plan.GetProperty("complete").GetBoolean());

        JsonElement alert = default;
        await GatewayApi.EventuallyAsync(async () =>
        {
            var alerts = await api.SendAsync(owner, HttpMethod.Get, $"/api/monitoring/alerts?modelId={modelId}");
            alert = alerts.GetProperty("items").EnumerateArray().FirstOrDefault(a => a.GetProperty("metric").GetString() == "psi");
            return alert.ValueKind == JsonValueKind.Object;
        }, "the drift alert fires", AlertDeadline);

        Assert.Equal(("Critical", "Firing", "income"), (alert.GetProperty("severity").GetString(), alert.GetProperty("state").GetString(),
            alert.GetProperty("column").GetString()));
        Assert.True(alert.GetProperty("value").GetDouble() > 0.25);
        // The lead time runs from the first breaching data: the window's first logged prediction.
        var firstBreach = alert.GetProperty("firstBreachAt").GetDateTimeOffset();
        Assert.Equal(rows[0].timestamp.ToUnixTimeMilliseconds(), firstBreach.ToUnixTimeMilliseconds());
        var lead = alert.GetProperty("leadTimeSeconds").GetDouble();
        Assert.Equal((alert.GetProperty("firedAt").GetDateTimeOffset() - firstBreach).TotalSeconds, lead, 3);
        Assert.InRange(lead, 1, AlertDeadline.TotalSeconds + 600);

        var evaluations = await api.SendAsync(owner, HttpMethod.Get, $"/api/monitoring/plans/{plan.GetProperty("id").GetString()}/evaluations");
        var evaluated = evaluations.EnumerateArray().First(e => e.GetProperty("state").GetString() == "Completed");
        Assert.Equal(rows.Length, evaluated.GetProperty("rows").GetInt64());
        Assert.StartsWith("validation-worker", evaluated.GetProperty("worker").GetString());

        var alertId = alert.GetProperty("id").GetString()!;
        await GatewayApi.EventuallyAsync(async () =>
        {
            var findings = await api.SendAsync(owner, HttpMethod.Get, $"/api/findings?org={Org}&modelId={modelId}&limit=200");
            return findings.GetProperty("items").EnumerateArray().Any(f => f.GetProperty("sourceKey").GetString() == $"monitoring-alert/{alertId}");
        }, "the critical alert's finding is open in Findings");

        ReceivedWebhook? fired = null;
        await GatewayApi.EventuallyAsync(() =>
        {
            fired = receiver.Received.FirstOrDefault(r => r.Headers.GetValueOrDefault("X-MRP-Event") == "monitoring.alert.fired");
            return Task.FromResult(fired is not null);
        }, "the signed alert reaches the team's webhook");
        var secret = (await File.ReadAllTextAsync(Path.Combine(platform.DataDirectory, "monitoring", "webhook-signing-secret"))).Trim();
        // As a receiver checks it (ADR 082): HMAC-SHA256 over the timestamp, a dot and the raw body, with Monitoring's secret.
        var timestamp = fired!.Headers["X-MRP-Timestamp"];
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{fired.Body}")));
        Assert.Equal(expected, fired.Headers["X-MRP-Signature"]);
        using (var body = JsonDocument.Parse(fired.Body))
        {
            Assert.Equal(alertId, body.RootElement.GetProperty("alert").GetProperty("id").GetString());
        }

        using var metrics = platform.App.CreateHttpClient("monitoring", "http");
        var exposition = await metrics.GetStringAsync("/metrics");
        var line = exposition.Split('\n').FirstOrDefault(l => l.StartsWith("modelrisk_monitoring_metric_value{", StringComparison.Ordinal)
            && l.Contains($"model=\"{modelId}\"", StringComparison.Ordinal) && l.Contains("metric=\"psi\"", StringComparison.Ordinal));
        Assert.NotNull(line);
        Assert.Contains("column=\"income\"", line);
        var value = double.Parse(line![(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        Assert.Equal(alert.GetProperty("value").GetDouble(), value, 6);
    }

    /// <summary>The training-time income distribution: centred on 50, where production has moved to 80-120.</summary>
    private static string Reference()
    {
        var text = new StringBuilder("income,score,label\n");
        for (var i = 0; i < 1000; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{30 + (i % 40)},{0.3 + (i % 50 / 100.0)},{i % 2}\n");
        }
        return text.ToString();
    }
}
