using System.Net;
using System.Text;
using System.Text.Json;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.EntityFrameworkCore;
using ModelRisk.Contracts.Grpc.Inventory.V1;
using ModelRisk.Inventory.Features.Models;
using ModelRisk.Inventory.Tests.Infrastructure;
using ModelRisk.Messaging.Outbox;
using ModelRisk.ServiceDefaults.Identity;
using ModelRisk.TestSupport;

namespace ModelRisk.Inventory.Tests;

/// <summary>
/// Guards every route inherits, walking the routes the service actually maps (EndpointCatalog), so a new route that
/// forgets authorization, org scoping or input checks fails here. A new route also needs an entry in
/// <see cref="HttpBodies"/> or <see cref="GrpcCalls"/>: a request that an allowed caller could make succeed.
/// </summary>
[Collection(InventoryCollection.Name)]
public sealed class EndpointGuardTests(InventoryFactory factory) : IDisposable
{
    private readonly string _orgA = Api.NewOrg("guard-a");
    private readonly string _orgB = Api.NewOrg("guard-b");
    private readonly string _secret = "Secret " + Guid.NewGuid().ToString("N");
    private readonly GrpcChannel _channel = GrpcChannel.ForAddress(factory.Server.BaseAddress,
        new GrpcChannelOptions { HttpHandler = factory.Server.CreateHandler() });

    public void Dispose() => _channel.Dispose();

    private sealed record Target(ModelResponse Model, VersionResponse Version, IReadOnlyDictionary<string, string> RouteValues);

    private sealed record Body(string ContentType, Dictionary<string, object?> Fields);

    private sealed record Answer(int Status, string Text, string? MediaType);

    private static readonly Body None = new("", []);

    /// <summary>Per HTTP route, a body an allowed caller in org A could send successfully (None for reads).</summary>
    private Dictionary<string, Func<Target, Body>> HttpBodies => new()
    {
        [$"GET {Api.Models}"] = _ => None,
        [$"GET {Api.Models}/export"] = _ => None,
        [$"GET {Api.Models}/{{id}}"] = _ => None,
        [$"GET {Api.Models}/{{id}}/versions"] = _ => None,
        [$"GET {Api.Models}/{{id}}/versions/{{versionId}}"] = _ => None,
        [$"POST {Api.Models}"] = _ => new("application/json", Api.RegistrationBody(_orgA, Api.NewKey())),
        [$"PATCH {Api.Models}/{{id}}"] = _ => new("application/json", new() { ["name"] = "Changed", ["description"] = "Changed" }),
        [$"POST {Api.Models}/{{id}}/lifecycle"] = _ => new("application/json", new() { ["to"] = "InDevelopment", ["reason"] = "Started" }),
        [$"PUT {Api.Models}/{{id}}/risk-tier"] = _ => new("application/json", new() { ["tier"] = "High", ["rationale"] = "Consumer credit" }),
        [$"POST {Api.Models}/{{id}}/versions"] = _ => new("application/json", new() { ["version"] = "9.9.9", ["artifactUri"] = "s3://models/9.9.9" }),
        // The import names model A's own key: a foreign caller would update it if the org were not checked.
        [$"POST {Api.Models}/import"] = t => new("application/x-ndjson", Api.RegistrationBody(_orgA, t.Model.Key, name: "Imported")),
    };

    /// <summary>Writes that moved to another service (ADR 050): each answers 409 with a problem naming where the write is made now.</summary>
    private static readonly IReadOnlySet<string> RetiredWrites = new HashSet<string> { $"PUT {Api.Models}/{{id}}/risk-tier" };

    /// <summary>Per gRPC method, a call on model A's data, answered as a status and the reply's text.</summary>
    private Dictionary<string, Func<Target, Metadata, Task<string>>> GrpcCalls => new()
    {
        ["POST /modelrisk.inventory.v1.InventoryService/GetModel"] = async (t, headers) =>
            (await Client.GetModelAsync(new GetModelRequest { Id = t.Model.Id }, headers)).ToString(),
        ["POST /modelrisk.inventory.v1.InventoryService/ListModels"] = async (_, headers) =>
            (await Client.ListModelsAsync(new ListModelsRequest { Org = _orgA }, headers)).ToString(),
    };

    private InventoryService.InventoryServiceClient Client => new(_channel);

    private IReadOnlyList<ApiRoute> Routes => EndpointCatalog.Routes(factory.Services);

    private IEnumerable<ApiRoute> GuardedRoutes => Routes.Where(r => !EndpointCatalog.IsManagement(r));

    // Inventory's gRPC API only reads (see the proto); every gRPC call is a POST all the same.
    private static bool IsWrite(ApiRoute route) => route.IsWrite && !EndpointCatalog.IsGrpc(route);

    private async Task<Target> ModelInOrgAAsync()
    {
        var owner = factory.ClientWithToken(TestIdentity.ModelOwner(_orgA));
        var model = await owner.RegisterModelAsync(_orgA, name: _secret, description: _secret);
        var version = await (await owner.AddVersionAsync(model.Id, "1.0.0")).ReadAsync<VersionResponse>(HttpStatusCode.Created);
        model = await (await owner.GetAsync($"{Api.Models}/{model.Id}")).ReadAsync<ModelResponse>();
        return new Target(model, version, new Dictionary<string, string> { ["id"] = model.Id, ["versionId"] = version.Id });
    }

    private async Task<Answer> SendAsync(ApiRoute route, string? token, Target target, HttpContent? content = null)
    {
        if (EndpointCatalog.IsGrpc(route))
        {
            var headers = token is null ? [] : new Metadata { { "authorization", $"Bearer {token}" } };
            try
            {
                return new Answer(200, await GrpcCalls[route.Key](target, headers), "application/grpc");
            }
            catch (RpcException e)
            {
                var status = e.StatusCode switch
                {
                    StatusCode.Unauthenticated => 401,
                    StatusCode.PermissionDenied => 403,
                    StatusCode.NotFound => 404,
                    StatusCode.InvalidArgument => 400,
                    _ => 500,
                };
                return new Answer(status, e.Status.Detail, "application/grpc");
            }
        }
        using var client = token is null ? factory.CreateClient() : factory.ClientWithToken(token);
        using var request = new HttpRequestMessage(new HttpMethod(route.Method), route.Path(target.RouteValues));
        request.Headers.TryAddWithoutValidation("If-Match", "*");
        request.Content = content ?? Serialize(HttpBodies[route.Key](target));
        using var response = await client.SendAsync(request);
        return new Answer((int)response.StatusCode, await response.Content.ReadAsStringAsync(), response.Content.Headers.ContentType?.MediaType);
    }

    private static ByteArrayContent? Serialize(Body body, Func<string, string>? text = null) =>
        body == None ? null : Content(Encoding.UTF8.GetBytes(text?.Invoke(Json(body.Fields)) ?? Json(body.Fields)), body.ContentType);

    private static string Json(Dictionary<string, object?> fields) => JsonSerializer.Serialize(fields, Api.Json);

    private static ByteArrayContent Content(byte[] bytes, string contentType)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return content;
    }

    /// <summary>What a write could have changed in org A: models, model A's revision and versions, events.</summary>
    private Task<(int Models, long Revision, int Versions, int Events)> SnapshotAsync(Target target) =>
        factory.QueryAsync(async db => (
            await db.Models.CountAsync(m => m.Org == _orgA),
            await db.Models.Where(m => m.Id == target.Model.Id).Select(m => m.Revision).SingleAsync(),
            await db.ModelVersions.CountAsync(v => v.ModelId == target.Model.Id),
            await db.Set<OutboxMessage>().CountAsync(m => m.Body.Contains(_orgA))));

    [Fact]
    public void Every_route_needs_authorization_or_is_a_named_management_endpoint_and_has_a_probe()
    {
        var routes = Routes;
        Assert.Contains(routes, r => r.Key == $"POST {Api.Models}");
        Assert.Contains(routes, EndpointCatalog.IsGrpc);
        Assert.All(routes, route => Assert.True(EndpointCatalog.IsManagement(route) || route.RequiresAuthorization,
            $"{route} carries no authorization policy; give it one (RequireAuthorization) or, if it is a probe, a management path."));
        var probed = HttpBodies.Keys.Concat(GrpcCalls.Keys).ToHashSet();
        Assert.All(GuardedRoutes, route => Assert.True(probed.Contains(route.Key),
            $"{route} has no probe: add a request to {nameof(HttpBodies)} or {nameof(GrpcCalls)} so the guards cover it."));
    }

    [Fact]
    public async Task Without_a_token_every_route_answers_401()
    {
        var target = await ModelInOrgAAsync();
        var before = await SnapshotAsync(target);
        foreach (var route in GuardedRoutes)
        {
            var answer = await SendAsync(route, null, target);
            Assert.True(answer.Status == 401, $"{route} without a token: {answer.Status} {answer.Text}");
        }
        Assert.Equal(before, await SnapshotAsync(target));
    }

    [Fact]
    public async Task A_caller_of_another_org_never_gets_or_changes_that_orgs_data()
    {
        var target = await ModelInOrgAAsync();
        var before = await SnapshotAsync(target);
        var reader = TestIdentity.ModelOwner(_orgB);
        var writers = new[] { reader, TestIdentity.Token("ci-auditor", [PlatformRoles.Integration, PlatformRoles.Auditor], [_orgB], clientId: "model-risk-ci") };

        foreach (var route in GuardedRoutes)
        {
            foreach (var token in IsWrite(route) ? writers : [reader])
            {
                var answer = await SendAsync(route, token, target);
                var what = $"{route} from org B: {answer.Status} {answer.Text}";
                Assert.DoesNotContain(_secret, answer.Text);
                if (route.RouteParameters.Count > 0)
                {
                    Assert.True(IsWrite(route) ? answer.Status is 403 or 404 : answer.Status == 404, what);
                }
                else
                {
                    Assert.True(answer.Status is 200 or 403 or 404, what);
                }
                Assert.True(before == await SnapshotAsync(target), $"{what} changed org A's data");
            }
        }
    }

    private static IEnumerable<(string Name, HttpContent? Content)> BadInputs(Body valid)
    {
        static Dictionary<string, object?> EveryText(Dictionary<string, object?> fields, string value) =>
            fields.ToDictionary(kv => kv.Key, kv => kv.Value is string ? (object?)value : kv.Value);
        // Every text value replaced by a marker, so the raw bytes there can be made what no serializer would write.
        const string marker = "@@bad@@";
        var marked = Json(EveryText(valid.Fields, marker));
        var invalidUtf8 = marked.Split(marker)
            .SelectMany((part, i) => (i == 0 ? [] : new byte[] { 0xC3, 0x28, 0xFF }).Concat(Encoding.UTF8.GetBytes(part)))
            .ToArray();

        yield return ("malformed JSON", Content(Encoding.UTF8.GetBytes("{\"name\": \"x\", "), valid.ContentType));
        yield return ("wrong types", Content(Encoding.UTF8.GetBytes(
            """{"org":1,"key":true,"name":12,"owner":[],"modelType":3.5,"tags":"x","to":7,"tier":false,"rationale":{},"version":[],"artifactUri":5,"reason":1,"description":[1]}"""),
            valid.ContentType));
        yield return ("huge strings", Serialize(valid with { Fields = EveryText(valid.Fields, new string('x', 300_000)) }));
        yield return ("oversized body", Serialize(valid with { Fields = EveryText(valid.Fields, new string('y', 1_500_000)) }));
        yield return ("control characters", Serialize(valid with { Fields = valid.Fields.ToDictionary(kv => kv.Key, kv => kv.Value is string s ? (object?)(s + "\u0000\u001b[2J") : kv.Value) }));
        yield return ("unpaired surrogate", Content(Encoding.UTF8.GetBytes(marked.Replace(marker, "\\ud800x", StringComparison.Ordinal)), valid.ContentType));
        yield return ("invalid UTF-8", Content(invalidUtf8, valid.ContentType));
        yield return ("wrong content type", Content(Encoding.UTF8.GetBytes(Json(valid.Fields)), "text/plain"));
        yield return ("no body", Content([], valid.ContentType));
        yield return ("an array", Content("[]"u8.ToArray(), valid.ContentType));
        yield return ("null", Content("null"u8.ToArray(), valid.ContentType));
    }

    [Fact]
    public async Task Bad_input_to_every_write_route_is_a_problem_that_changes_nothing()
    {
        var target = await ModelInOrgAAsync();
        // Allowed to make every write in org A, so a refusal comes from the input.
        var writer = TestIdentity.Token("guard-writer", [PlatformRoles.ModelOwner, PlatformRoles.RiskAnalyst], [_orgA]);
        foreach (var route in GuardedRoutes.Where(IsWrite))
        {
            var before = await SnapshotAsync(target);
            foreach (var (name, content) in BadInputs(HttpBodies[route.Key](target)))
            {
                var answer = await SendAsync(route, writer, target, content);
                var what = $"{route} with {name}: {answer.Status} {answer.Text[..Math.Min(answer.Text.Length, 300)]}";
                Assert.True(answer.Status < 500, what);
                Assert.True(before == await SnapshotAsync(target), $"{what} changed data");
                if (answer.Status >= 400)
                {
                    Assert.True(answer.MediaType == "application/problem+json", what);
                }
            }
            // The control: the same route takes the valid request, so the refusals above were the input's doing. A retired
            // route refuses every request with the pointer to its successor.
            var valid = await SendAsync(route, writer, target);
            Assert.True(RetiredWrites.Contains(route.Key) ? valid.Status == 409 : valid.Status is 200 or 201, $"{route} with its valid body: {valid.Status} {valid.Text}");
        }
    }
}
