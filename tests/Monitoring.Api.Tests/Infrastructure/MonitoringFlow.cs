using System.Net;
using System.Text.Json;
using ModelRisk.TestSupport;

namespace ModelRisk.Monitoring.Tests.Infrastructure;

/// <summary>The monitoring workflow as a model team and its pipeline call it, each step asserting its status and returning the body.</summary>
public sealed class MonitoringFlow(MonitoringFactory factory)
{
    public async Task<JsonElement> SendAsync(string token, HttpMethod method, string path, object? body = null, HttpStatusCode expected = HttpStatusCode.OK,
        string? ifMatch = null)
    {
        using var client = factory.As(token);
        return await client.SendJsonAsync(method, path, body, expected, ifMatch);
    }

    public static string ETag(JsonElement resource) => JsonCalls.ETag(resource);

    public static string Id(JsonElement resource) => JsonCalls.Id(resource);

    /// <summary>A plan watching a pushed metric with thresholds, complete (routes, runbook, dashboard).</summary>
    public static object PushedPlan(string modelId, string metric = "toxicity_rate", double warning = 0.02, double critical = 0.05, int? consecutive = null,
        string route = "http://127.0.0.1:9/alerts", string schedule = "0 * * * *") => new
    {
        modelId,
        name = "GenAI safety",
        metrics = new object[] { new { metric, kind = "Custom", warning, critical } },
        window = "1h",
        schedule,
        alertRoutes = new[] { route },
        runbookUrl = "https://runbooks.test/genai-safety",
        dashboardUrl = "https://grafana.test/d/mrp-monitoring",
        consecutiveBreaches = consecutive,
    };

    public Task<JsonElement> CreatePlanAsync(string token, object plan, HttpStatusCode expected = HttpStatusCode.Created) =>
        SendAsync(token, HttpMethod.Post, "/api/monitoring/plans", plan, expected);

    public Task<JsonElement> PushAsync(string token, string modelId, IEnumerable<object> points, HttpStatusCode expected = HttpStatusCode.OK) =>
        SendAsync(token, HttpMethod.Post, "/api/monitoring/points", new { modelId, points = points.ToArray() }, expected);

    public static object Point(string metric, double value, DateTimeOffset at, object? labels = null) => new { metric, value, timestamp = at, labels };

    public async Task<JsonElement[]> AlertsAsync(string token, string modelId)
    {
        var page = await SendAsync(token, HttpMethod.Get, $"/api/monitoring/alerts?modelId={modelId}");
        return [.. page.GetProperty("items").EnumerateArray()];
    }
}
