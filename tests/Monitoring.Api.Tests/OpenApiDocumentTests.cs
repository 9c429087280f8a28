extern alias gateway;

using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using ModelRisk.Monitoring.Tests.Infrastructure;
using ModelRisk.TestSupport;

namespace ModelRisk.Monitoring.Tests;

/// <summary>
/// The Monitoring OpenAPI document as the gateway serves it at /openapi/monitoring.json: what a client generator
/// reads to know where to call, how to get a token, what each operation can answer and which headers it keeps and sends.
/// </summary>
public sealed class OpenApiDocumentTests(MonitoringFactory monitoring) : IClassFixture<MonitoringFactory>
{
    private static readonly Uri PublicBaseUrl = new("https://mrp.acme-lending.test");

    private static readonly string[] Verbs = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];

    private async Task<(JsonObject Document, string Json)> ServedDocumentAsync()
    {
        await using var gateway = new GatewayInFront<gateway::Program>(monitoring.Server.CreateHandler, PublicBaseUrl);
        var response = await gateway.CreateClient().WithToken(TestIdentity.Auditor()).GetAsync("/openapi/monitoring.json");
        var json = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {json}");
        return (JsonNode.Parse(json)!.AsObject(), json);
    }

    private static List<(string Path, string Method, JsonObject Operation)> Operations(JsonObject document) =>
        [.. document["paths"]!.AsObject().SelectMany(path => path.Value!.AsObject()
            .Where(entry => Verbs.Contains(entry.Key))
            .Select(entry => (path.Key, entry.Key, entry.Value!.AsObject())))];

    [Fact]
    public async Task The_server_is_the_gateways_public_url_and_every_operation_requires_a_token()
    {
        var (document, _) = await ServedDocumentAsync();

        Assert.Equal("https://mrp.acme-lending.test", Assert.Single(document["servers"]!.AsArray())!["url"]!.GetValue<string>());
        var operations = Operations(document);
        // Every route the service maps (but the management ones) is documented, under the path and verb it answers.
        var routes = EndpointCatalog.Routes(monitoring.Services).Where(r => !EndpointCatalog.IsManagement(r)).Select(r => r.Key).Order();
        Assert.Equal(routes, operations.Select(op => $"{op.Method.ToUpperInvariant()} {op.Path}").Order());
        Assert.Contains(operations, op => op.Operation["operationId"]?.GetValue<string>() == "EvaluateMonitoringWindow");
        Assert.All(operations, op =>
        {
            Assert.StartsWith("/api/monitoring", op.Path, StringComparison.Ordinal);
            Assert.False(op.Path.EndsWith('/'), $"{op.Path} ends with a slash");
            Assert.True(op.Operation["security"]?.AsArray() is not null, $"{op.Method} {op.Path} declares no security requirement");
            Assert.Contains("Needs a token with one of the roles: ", op.Operation["description"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.False(string.IsNullOrWhiteSpace(op.Operation["summary"]?.GetValue<string>()), $"{op.Method} {op.Path} has no summary");
        });
    }

    [Fact]
    public async Task Errors_are_problem_details_and_every_change_of_a_plan_or_alert_documents_If_Match()
    {
        var (document, _) = await ServedDocumentAsync();

        foreach (var (path, _, operation) in Operations(document))
        {
            var id = operation["operationId"]!.GetValue<string>();
            var responses = operation["responses"]!.AsObject();
            foreach (var (status, response) in responses.Where(r => r.Key.StartsWith('4') || r.Key.StartsWith('5')))
            {
                var content = response!["content"]!.AsObject();
                Assert.True(content.Count == 1 && content.ContainsKey("application/problem+json"), $"{id} {status} is not application/problem+json");
            }
            if (path.Contains("/{", StringComparison.Ordinal))
            {
                Assert.True(responses.ContainsKey("404"), $"{id} names a resource but documents no 404");
            }
        }
        var byId = Operations(document).ToDictionary(op => op.Operation["operationId"]!.GetValue<string>(), op => op.Operation);
        // Changes of a plan or an alert are edits of a revision; queueing a window is not (a window is evaluated once: 409).
        foreach (var id in new[] { "UpdateMonitoringPlan", "RetireMonitoringPlan", "AcknowledgeMonitoringAlert" })
        {
            Assert.Contains(byId[id]["parameters"]!.AsArray(), p => p!["name"]!.GetValue<string>() == "If-Match" && p["in"]!.GetValue<string>() == "header");
            var responses = byId[id]["responses"]!.AsObject();
            Assert.True(responses.ContainsKey("412") && responses.ContainsKey("428"), $"{id} takes If-Match but documents no 412/428");
        }
        Assert.True(byId["EvaluateMonitoringWindow"]["responses"]!.AsObject().ContainsKey("202"));
        Assert.True(byId["EvaluateMonitoringWindow"]["responses"]!.AsObject().ContainsKey("409"));
        Assert.True(byId["PushMetricPoints"]["responses"]!.AsObject().ContainsKey("409"));
        Assert.NotNull(byId["GetMonitoringPlan"]["responses"]!["200"]!["headers"]!["ETag"]);
        Assert.NotNull(byId["CreateMonitoringPlan"]["responses"]!["201"]!["headers"]!["ETag"]);
        Assert.NotNull(byId["GetMonitoringAlert"]["responses"]!["200"]!["headers"]!["ETag"]);
        Assert.EndsWith("Needs a token with one of the roles: integration, model-owner.", byId["PushPredictions"]["description"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [SpectralFact]
    public async Task The_document_passes_the_OpenAPI_linters_recommended_rules_with_no_warning()
    {
        var (_, json) = await ServedDocumentAsync();

        var findings = await Spectral.LintAsync(json);

        var problems = findings.Where(f => f.Severity <= 1).ToList();
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }
}
