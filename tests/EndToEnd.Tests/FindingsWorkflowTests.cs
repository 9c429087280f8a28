using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MassTransit;
using ModelRisk.Contracts.Assessment.V1;
using ModelRisk.Contracts.Findings.V1;
using ModelRisk.TestSupport;

namespace ModelRisk.EndToEnd.Tests;

/// <summary>
/// Findings through the real broker, services and gateway: a validation failure raised as an event becomes a finding
/// that is remediated and closed by someone other than its owner; a condition of approval already past its due date
/// is escalated by the SLA sweep to the owner's lead through a signed webhook that a receiver on this machine verifies.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class FindingsWorkflowTests(PlatformFixture platform)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    /// <summary>The sweep runs every minute and the dispatcher every few seconds: an escalation arrives within two rounds.</summary>
    private static readonly TimeSpan EscalationDeadline = TimeSpan.FromMinutes(3);

    private static readonly string Sha = new('d', 64);

    private async Task<IBusControl> StartBusAsync()
    {
        var bus = Bus.Factory.CreateUsingRabbitMq(cfg => cfg.Host(new Uri(platform.RabbitMqConnectionString)));
        await bus.StartAsync(new CancellationTokenSource(Deadline).Token);
        return bus;
    }

    [Fact]
    public async Task A_raised_validation_failure_is_remediated_and_closed_only_by_an_independent_verifier()
    {
        var owner = await platform.SignInAsync("olivia.owner", "dev-only-olivia-pw");
        var analyst = await platform.SignInAsync("riley.analyst", "dev-only-riley-pw");
        var key = $"validation-run/e2e-{Guid.NewGuid():N}/test/calibration";
        var bus = await StartBusAsync();
        try
        {
            var raised = new FindingRaised(key, "ValidationTest", "acme-lending", "model-e2e", null, null, "Calibration test failed",
                "ECE 0.09 above 0.05.", "High", "Tier threshold.", "olivia.owner", "validation-worker", DateTimeOffset.UtcNow);
            // Twice: the source key opens one finding whatever the broker delivers.
            await bus.Publish(raised);
            await bus.Publish(raised);
        }
        finally
        {
            await bus.StopAsync();
        }

        JsonElement finding = default;
        await GatewayApi.EventuallyAsync(async () =>
        {
            var list = await SendAsync(owner, HttpMethod.Get, "/api/findings?org=acme-lending&source=ValidationTest&limit=200");
            var matches = list.GetProperty("items").EnumerateArray().Where(f => f.GetProperty("sourceKey").GetString() == key).ToList();
            finding = matches.FirstOrDefault();
            return matches.Count == 1;
        }, "the finding is listed", Deadline);

        finding = await ActAsync(finding, owner, "remediation", new { remediator = "dev.one", remediationPlan = "Recalibrate." });
        finding = await ActAsync(finding, owner, "evidence", new { uri = "s3://evidence/recalibration.html", sha256 = Sha });
        finding = await ActAsync(finding, owner, "ready-for-verification", new { note = "ECE 0.01 after recalibration." });
        var owningVerifier = await platform.SignInAsync("olivia.owner", "dev-only-olivia-pw");
        await ActAsync(finding, owningVerifier, "verification", new { passed = true, notes = "mine" }, HttpStatusCode.Forbidden);
        var closed = await ActAsync(finding, analyst, "verification", new { passed = true, notes = "Re-run passes." });

        Assert.Equal("Closed", closed.GetProperty("state").GetString());
        Assert.Equal("riley.analyst", closed.GetProperty("verifiedBy").GetString());
        var list2 = await SendAsync(owner, HttpMethod.Get, "/api/findings?org=acme-lending&source=ValidationTest&limit=200");
        Assert.Single(list2.GetProperty("items").EnumerateArray(), f => f.GetProperty("sourceKey").GetString() == key);
    }

    [Fact]
    public async Task A_condition_left_past_its_due_date_is_escalated_to_the_owners_lead_through_a_signed_webhook()
    {
        var analyst = await platform.SignInAsync("riley.analyst", "dev-only-riley-pw");
        var org = "e2e-" + Guid.NewGuid().ToString("N")[..10];
        using var listener = new HttpListener();
        var url = $"http://127.0.0.1:{FreePort()}/hooks/";
        listener.Prefixes.Add(url);
        listener.Start();
        await SendAsync(analyst, HttpMethod.Put, $"/api/findings/sla-policies/{org}", new
        {
            criticalDays = 2, highDays = 10, mediumDays = 30, lowDays = 60, leads = new[] { new { owner = "olivia.owner", lead = "lena.lead" } },
            riskFunction = new[] { "model-risk-function" }, riskFunctionAfterDays = 30, webhookUrl = url,
        });

        var conditionId = Guid.NewGuid().ToString("N");
        var bus = await StartBusAsync();
        try
        {
            await bus.Publish(new ConditionOfApprovalSet(conditionId, "review-e2e", "model-e2e", org, "Add a drift monitor on income.", "olivia.owner",
                DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-2), ["Monitor deployed"], DateTimeOffset.UtcNow));
        }
        finally
        {
            await bus.StopAsync();
        }

        var arrival = listener.GetContextAsync();
        var done = await Task.WhenAny(arrival, Task.Delay(EscalationDeadline));
        Assert.True(done == arrival, "no escalation webhook arrived");
        var context = await arrival;
        using var reader = new StreamReader(context.Request.InputStream);
        var body = await reader.ReadToEndAsync();
        var timestamp = context.Request.Headers["X-MRP-Timestamp"]!;
        var signature = context.Request.Headers["X-MRP-Signature"]!;
        context.Response.StatusCode = 200;
        context.Response.Close();

        var secret = await File.ReadAllTextAsync(Path.Combine(platform.DataDirectory, "findings", "webhook-signing-secret"));
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret.Trim()), Encoding.UTF8.GetBytes($"{timestamp}.{body}")));
        Assert.Equal(expected, signature);
        Assert.Equal("finding.escalated", context.Request.Headers["X-MRP-Event"]);
        using var payload = JsonDocument.Parse(body);
        Assert.Equal(org, payload.RootElement.GetProperty("org").GetString());
        Assert.Equal("lena.lead", payload.RootElement.GetProperty("escalation").GetProperty("recipients")[0].GetString());
        Assert.Equal($"condition-of-approval/{conditionId}", payload.RootElement.GetProperty("finding").GetProperty("sourceKey").GetString());

        var deliveryId = context.Request.Headers["X-MRP-Delivery"];
        await GatewayApi.EventuallyAsync(async () =>
        {
            var log = await SendAsync(analyst, HttpMethod.Get, $"/api/findings/webhook-deliveries?org={org}");
            return log.GetProperty("items").EnumerateArray().Any(d => d.GetProperty("id").GetString() == deliveryId && d.GetProperty("status").GetString() == "Delivered");
        }, "the delivery log shows the webhook delivered", Deadline);
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    private async Task<JsonElement> ActAsync(JsonElement finding, string token, string action, object body, HttpStatusCode expected = HttpStatusCode.OK) =>
        await SendAsync(token, HttpMethod.Post, $"/api/findings/{JsonCalls.Id(finding)}/{action}", body, expected, JsonCalls.ETag(finding));

    private Task<JsonElement> SendAsync(string token, HttpMethod method, string path, object? body = null, HttpStatusCode expected = HttpStatusCode.OK, string? ifMatch = null) =>
        new GatewayApi(platform.Gateway).SendAsync(token, method, path, body, expected, ifMatch);
}
