extern alias gateway;

using System.Net;
using System.Text.Json.Nodes;
using ModelRisk.Inventory.Tests.Infrastructure;
using ModelRisk.TestSupport;

namespace ModelRisk.Inventory.Tests;

/// <summary>
/// The Inventory OpenAPI document as the gateway serves it at /openapi/inventory.json: what a client generator reads
/// to know where to call, how to get a token, and what each operation can answer.
/// </summary>
[Collection(InventoryCollection.Name)]
public sealed class OpenApiDocumentTests(InventoryFactory inventory)
{
    private static readonly Uri PublicBaseUrl = new("https://mrp.acme-lending.test");

    private static readonly string[] Verbs = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];

    private async Task<(JsonObject Document, string Json)> ServedDocumentAsync()
    {
        await using var gateway = new GatewayInFront<gateway::Program>(inventory.Server.CreateHandler, PublicBaseUrl);
        var response = await gateway.CreateClient().WithToken(TestIdentity.Auditor()).GetAsync("/openapi/inventory.json");
        var json = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {json}");
        return (JsonNode.Parse(json)!.AsObject(), json);
    }

    private static IEnumerable<(string Path, string Method, JsonObject Operation)> Operations(JsonObject document) =>
        document["paths"]!.AsObject().SelectMany(path => path.Value!.AsObject()
            .Where(entry => Verbs.Contains(entry.Key))
            .Select(entry => (path.Key, entry.Key, entry.Value!.AsObject())));

    [Fact]
    public async Task The_server_is_the_gateways_public_url_and_the_paths_are_the_public_ones()
    {
        var (document, _) = await ServedDocumentAsync();

        var server = Assert.Single(document["servers"]!.AsArray());
        Assert.Equal("https://mrp.acme-lending.test", server!["url"]!.GetValue<string>());
        Assert.All(document["paths"]!.AsObject(), path => Assert.StartsWith("/api/inventory/models", path.Key, StringComparison.Ordinal));
        Assert.DoesNotContain(document["paths"]!.AsObject(), path => path.Key.EndsWith('/'));
    }

    [Fact]
    public async Task The_realms_schemes_are_declared_and_every_operation_requires_a_token()
    {
        var (document, _) = await ServedDocumentAsync();

        var schemes = document["components"]!["securitySchemes"]!;
        Assert.Equal("openIdConnect", schemes["oidc"]!["type"]!.GetValue<string>());
        Assert.Equal($"{TestIdentity.Issuer}/.well-known/openid-configuration", schemes["oidc"]!["openIdConnectUrl"]!.GetValue<string>());
        Assert.Equal("http", schemes["bearer"]!["type"]!.GetValue<string>());
        Assert.Equal("bearer", schemes["bearer"]!["scheme"]!.GetValue<string>());
        Assert.Equal("JWT", schemes["bearer"]!["bearerFormat"]!.GetValue<string>());
        // Every Inventory endpoint needs a token (none allows anonymous callers), so each operation says so.
        var operations = Operations(document).ToList();
        Assert.Equal(ExpectedResponses.Count, operations.Count);
        Assert.All(operations, op =>
        {
            var security = op.Operation["security"]?.AsArray();
            Assert.True(security is not null, $"{op.Method} {op.Path} declares no security requirement");
            Assert.Equal(["oidc", "bearer"], security.Select(requirement => Assert.Single(requirement!.AsObject()).Key));
        });
    }

    public static readonly Dictionary<string, int[]> ExpectedResponses = new()
    {
        ["RegisterModel"] = [201, 400, 401, 403, 409, 413, 429],
        ["ListModels"] = [200, 400, 401, 403, 429],
        ["GetModel"] = [200, 401, 403, 404, 429],
        ["UpdateModel"] = [200, 400, 401, 403, 404, 412, 413, 428, 429],
        ["TransitionModelLifecycle"] = [200, 400, 401, 403, 404, 409, 412, 413, 428, 429],
        ["AddModelVersion"] = [201, 400, 401, 403, 404, 409, 413, 429],
        ["ListModelVersions"] = [200, 401, 403, 404, 429],
        ["GetModelVersion"] = [200, 401, 403, 404, 429],
        ["ImportModels"] = [200, 400, 401, 403, 409, 413, 429],
        ["ExportModels"] = [200, 400, 401, 403, 429],
    };

    [Fact]
    public async Task Each_operation_lists_every_answer_it_gives_with_errors_as_problem_details()
    {
        var (document, _) = await ServedDocumentAsync();

        var byId = Operations(document).ToDictionary(op => op.Operation["operationId"]!.GetValue<string>(), op => op.Operation);
        Assert.Equal(ExpectedResponses.Keys.Order(), byId.Keys.Order());
        foreach (var (operationId, expected) in ExpectedResponses)
        {
            var responses = byId[operationId]["responses"]!.AsObject();
            Assert.True(expected.Select(s => s.ToString(System.Globalization.CultureInfo.InvariantCulture)).SequenceEqual(responses.Select(r => r.Key).Order()),
                $"{operationId} lists {string.Join(", ", responses.Select(r => r.Key).Order())}, expected {string.Join(", ", expected)}");
            foreach (var (status, response) in responses.Where(r => r.Key.StartsWith('4')))
            {
                var content = response!["content"]!.AsObject();
                Assert.True(content.Count == 1 && content.ContainsKey("application/problem+json"), $"{operationId} {status} is not application/problem+json");
                Assert.Contains("https://model-risk.dev/problems/", response["description"]!.GetValue<string>(), StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task Every_operation_has_an_id_a_tag_a_summary_and_a_description_naming_its_roles()
    {
        var (document, _) = await ServedDocumentAsync();

        Assert.All(Operations(document), op =>
        {
            Assert.False(string.IsNullOrWhiteSpace(op.Operation["operationId"]?.GetValue<string>()), $"{op.Method} {op.Path}: operationId");
            Assert.NotEmpty(op.Operation["tags"]!.AsArray());
            Assert.False(string.IsNullOrWhiteSpace(op.Operation["summary"]?.GetValue<string>()), $"{op.Method} {op.Path}: summary");
            Assert.Contains("Needs a token with one of the roles: ", op.Operation["description"]!.GetValue<string>(), StringComparison.Ordinal);
        });
        var tags = document["tags"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()).ToHashSet();
        Assert.Superset(tags, Operations(document).SelectMany(op => op.Operation["tags"]!.AsArray().Select(t => t!.GetValue<string>())).ToHashSet());
        // Only approvers and the inventory's writers move a model (the gateway and the service enforce the same policy the document names).
        var lifecycle = Operations(document).Single(op => op.Operation["operationId"]!.GetValue<string>() == "TransitionModelLifecycle").Operation;
        Assert.Contains("approver", lifecycle["description"]!.GetValue<string>(), StringComparison.Ordinal);
        // The retired risk-tier route still answers (409 pointing to Assessment) but is no longer offered to integrations.
        Assert.DoesNotContain(Operations(document), op => op.Operation["operationId"]!.GetValue<string>() == "SetModelRiskTier");
    }

    [Fact]
    public async Task The_ETag_If_Match_and_Location_headers_are_documented_where_they_are_used()
    {
        var (document, _) = await ServedDocumentAsync();

        var update = Operations(document).Single(op => op.Operation["operationId"]!.GetValue<string>() == "UpdateModel").Operation;
        var ifMatch = Assert.Single(update["parameters"]!.AsArray(), p => p!["name"]!.GetValue<string>() == "If-Match")!;
        Assert.Equal("header", ifMatch["in"]!.GetValue<string>());
        Assert.True(ifMatch["required"]!.GetValue<bool>());
        Assert.NotNull(update["responses"]!["200"]!["headers"]!["ETag"]);
        // The read and the create answer the ETag a client keeps for that If-Match; every create answers Location.
        var byId = Operations(document).ToDictionary(op => op.Operation["operationId"]!.GetValue<string>(), op => op.Operation);
        Assert.NotNull(byId["GetModel"]["responses"]!["200"]!["headers"]!["ETag"]);
        Assert.NotNull(byId["RegisterModel"]["responses"]!["201"]!["headers"]!["ETag"]);
        Assert.All(byId.Values.Where(op => op["responses"]!["201"] is not null), op => Assert.NotNull(op["responses"]!["201"]!["headers"]!["Location"]));
    }

    [Fact]
    public async Task Query_parameters_are_named_as_clients_send_them()
    {
        var (document, _) = await ServedDocumentAsync();

        var list = Operations(document).Single(op => op.Operation["operationId"]!.GetValue<string>() == "ListModels").Operation;
        Assert.Equal(["org", "tier", "status", "owner", "tag", "q", "limit", "cursor"],
            list["parameters"]!.AsArray().Where(p => p!["in"]!.GetValue<string>() == "query").Select(p => p!["name"]!.GetValue<string>()));
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
