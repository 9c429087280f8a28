extern alias gateway;

using System.Net;
using System.Text.Json.Nodes;
using ModelRisk.Assessment.Tests.Infrastructure;
using ModelRisk.TestSupport;

namespace ModelRisk.Assessment.Tests;

/// <summary>
/// The Assessment OpenAPI document as the gateway serves it at /openapi/assessment.json: what a client generator reads
/// to know where to call, how to get a token, what each operation can answer and which headers it keeps and sends.
/// </summary>
public sealed class OpenApiDocumentTests(AssessmentFactory assessment) : IClassFixture<AssessmentFactory>
{
    private static readonly Uri PublicBaseUrl = new("https://mrp.acme-lending.test");

    private static readonly string[] Verbs = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];

    private async Task<(JsonObject Document, string Json)> ServedDocumentAsync()
    {
        await using var gateway = new GatewayInFront<gateway::Program>(assessment.Server.CreateHandler, PublicBaseUrl);
        var response = await gateway.CreateClient().WithToken(TestIdentity.Auditor()).GetAsync("/openapi/assessment.json");
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
        Assert.Contains(operations, op => op.Operation["operationId"]?.GetValue<string>() == "ProposeReviewDecision");
        Assert.All(operations, op =>
        {
            Assert.StartsWith("/api/assessment/", op.Path, StringComparison.Ordinal);
            Assert.False(op.Path.EndsWith('/'), $"{op.Path} ends with a slash");
            var security = op.Operation["security"]?.AsArray();
            Assert.True(security is not null, $"{op.Method} {op.Path} declares no security requirement");
            Assert.Contains("Needs a token with one of the roles: ", op.Operation["description"]!.GetValue<string>(), StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Errors_are_problem_details_and_every_change_of_a_review_or_tiering_documents_If_Match()
    {
        var (document, _) = await ServedDocumentAsync();

        foreach (var (path, method, operation) in Operations(document))
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
            // Every write on an existing review, tiering or run checks the revision the caller last read; submitting a run
            // on a review creates the run and leaves the review as it is.
            var edit = method is "post" or "put" && (path.StartsWith("/api/assessment/reviews/{id}", StringComparison.Ordinal)
                || path.StartsWith("/api/assessment/tierings/{id}", StringComparison.Ordinal) || path.StartsWith("/api/assessment/runs/{id}", StringComparison.Ordinal))
                && path != "/api/assessment/reviews/{id}/runs";
            if (edit)
            {
                Assert.Contains(operation["parameters"]!.AsArray(), p => p!["name"]!.GetValue<string>() == "If-Match" && p["in"]!.GetValue<string>() == "header");
                Assert.True(responses.ContainsKey("412") && responses.ContainsKey("428"), $"{id} takes If-Match but documents no 412/428");
            }
        }
        var byId = Operations(document).ToDictionary(op => op.Operation["operationId"]!.GetValue<string>(), op => op.Operation);
        Assert.NotNull(byId["GetReview"]["responses"]!["200"]!["headers"]!["ETag"]);
        Assert.NotNull(byId["OpenReview"]["responses"]!["201"]!["headers"]!["ETag"]);
        Assert.NotNull(byId["GetTiering"]["responses"]!["200"]!["headers"]!["ETag"]);
        Assert.NotNull(byId["TierModel"]["responses"]!["503"]);
        Assert.EndsWith("Needs a token with one of the roles: approver.", byId["SignReviewDecision"]["description"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [SpectralFact]
    public async Task The_document_passes_the_OpenAPI_linters_recommended_rules()
    {
        var (_, json) = await ServedDocumentAsync();

        var findings = await Spectral.LintAsync(json);

        var problems = findings.Where(f => f.Severity <= 1).ToList();
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }
}
