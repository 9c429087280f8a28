using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ModelRisk.Messaging.Outbox;
using ModelRisk.Monitoring.Tests.Infrastructure;
using ModelRisk.ServiceDefaults.Identity;
using ModelRisk.TestSupport;

namespace ModelRisk.Monitoring.Tests;

/// <summary>
/// Guards every route inherits, walking the routes the service actually maps (EndpointCatalog), so a new route that
/// forgets authorization, org scoping or input checks fails here. A new route also needs an entry in
/// <see cref="HttpProbes"/>: who may call it in org A, the query it needs and a request that succeeds.
/// </summary>
public sealed class EndpointGuardTests(MonitoringFactory factory) : IClassFixture<MonitoringFactory>
{
    private const string Base = "/api/monitoring";
    private readonly string _orgA = "guard-a-" + Guid.NewGuid().ToString("N")[..8];
    private readonly string _orgB = "guard-b-" + Guid.NewGuid().ToString("N")[..8];
    private readonly string _secret = "secret-" + Guid.NewGuid().ToString("N");
    private readonly DateTimeOffset _t0 = DateTimeOffset.UtcNow.AddHours(-1).AddTicks(-(DateTimeOffset.UtcNow.Ticks % TimeSpan.TicksPerSecond));

    private MonitoringFlow Flow => new(factory);

    private string OwnerA => TestIdentity.Token("olivia.owner", [PlatformRoles.ModelOwner], [_orgA]);

    private string PipelineA => TestIdentity.Token("pipeline-bot", [PlatformRoles.Integration], [_orgA], clientId: "model-risk-ci");

    /// <summary>Org A's model with an active plan (a pushed and a computed metric), a firing alert and a queued window; and a model with no plan.</summary>
    private sealed record Target(string ModelId, string PlanId, string AlertId, string SpareModelId)
    {
        public IReadOnlyDictionary<string, string> RouteValues(string pattern) =>
            new Dictionary<string, string> { ["id"] = pattern.StartsWith($"{Base}/alerts/", StringComparison.Ordinal) ? AlertId : PlanId };
    }

    /// <summary>A caller allowed in org A, the query string the route needs, and a body that succeeds (null: the route reads none).</summary>
    private sealed record Probe(Func<string> Token, Func<Target, string> Query, Func<Target, JsonObject?>? Body);

    private sealed record Answer(int Status, string Text, string? MediaType);

    private static string NoQuery(Target _) => "";

    private static JsonObject Json(object value) => JsonSerializer.SerializeToNode(value, JsonSerializerOptions.Web)!.AsObject();

    private JsonObject PlanBody(string modelId) => Json(new
    {
        modelId,
        name = _secret,
        metrics = new object[]
        {
            new { metric = "toxicity_rate", kind = "Custom", warning = 0.02, critical = 0.05 },
            new { metric = "volume", direction = "Below", warning = 100.0 },
        },
        window = "1h",
        schedule = "0 * * * *",
        alertRoutes = new[] { "http://127.0.0.1:9/alerts" },
        runbookUrl = "https://runbooks.test/guard",
        dashboardUrl = "https://grafana.test/d/guard",
    });

    /// <summary>Per HTTP route: a caller allowed to make it in org A, its query and a body that succeeds.</summary>
    private Dictionary<string, Probe> HttpProbes => new()
    {
        [$"GET {Base}/plans"] = new(() => OwnerA, NoQuery, null),
        [$"GET {Base}/plans/{{id}}"] = new(() => OwnerA, NoQuery, null),
        [$"GET {Base}/plans/{{id}}/evaluations"] = new(() => OwnerA, NoQuery, null),
        [$"GET {Base}/alerts"] = new(() => OwnerA, NoQuery, null),
        [$"GET {Base}/alerts/{{id}}"] = new(() => OwnerA, NoQuery, null),
        [$"GET {Base}/coverage"] = new(() => OwnerA, NoQuery, null),
        [$"GET {Base}/series"] = new(() => OwnerA,
            t => $"?modelId={t.ModelId}&metric=toxicity_rate&from={Uri.EscapeDataString(_t0.AddHours(-1).ToString("O"))}", null),
        [$"POST {Base}/plans"] = new(() => OwnerA, NoQuery, t => PlanBody(t.SpareModelId)),
        [$"PUT {Base}/plans/{{id}}"] = new(() => OwnerA, NoQuery, t =>
        {
            var body = PlanBody(t.ModelId);
            body.Remove("modelId");
            body["window"] = "2h";
            return body;
        }),
        [$"DELETE {Base}/plans/{{id}}"] = new(() => OwnerA, NoQuery, null),
        [$"POST {Base}/plans/{{id}}/evaluations"] = new(() => OwnerA, NoQuery, _ =>
            Json(new { windowStart = DateTimeOffset.UtcNow.AddMinutes(-30), windowEnd = DateTimeOffset.UtcNow.AddMinutes(-1) })),
        [$"POST {Base}/alerts/{{id}}/acknowledge"] = new(() => OwnerA, NoQuery, null),
        [$"POST {Base}/points"] = new(() => PipelineA, NoQuery, t => Json(new
        {
            modelId = t.ModelId,
            points = new[] { new { metric = "toxicity_rate", value = 0.01, timestamp = DateTimeOffset.UtcNow.AddSeconds(-Random.Shared.Next(1, 3000)) } },
        })),
        [$"POST {Base}/predictions"] = new(() => PipelineA, NoQuery, t => Json(new
        {
            modelId = t.ModelId,
            batchId = "batch-" + Guid.NewGuid().ToString("N"),
            rows = new[] { new { predictionId = "p-1", timestamp = DateTimeOffset.UtcNow.AddMinutes(-1), score = 0.4, features = new { income = 52000 } } },
        })),
        [$"POST {Base}/labels"] = new(() => PipelineA, NoQuery, t => Json(new
        {
            modelId = t.ModelId,
            batchId = "labels-" + Guid.NewGuid().ToString("N"),
            labels = new[] { new { predictionId = "p-1", label = 1 } },
        })),
    };

    private IReadOnlyList<ApiRoute> Routes => EndpointCatalog.Routes(factory.Services);

    private IEnumerable<ApiRoute> GuardedRoutes => Routes.Where(r => !EndpointCatalog.IsManagement(r));

    private async Task<Target> TargetAsync()
    {
        var model = await factory.RegisterModelAsync(_orgA, tier: "High");
        var spare = await factory.RegisterModelAsync(_orgA, tier: "High");
        var plan = await Flow.CreatePlanAsync(OwnerA, PlanBody(model));
        await Flow.PushAsync(PipelineA, model, [MonitoringFlow.Point("toxicity_rate", 0.09, _t0, new { team = _secret })]);
        var alert = Assert.Single(await Flow.AlertsAsync(OwnerA, model));
        await Flow.SendAsync(OwnerA, HttpMethod.Post, $"{Base}/plans/{MonitoringFlow.Id(plan)}/evaluations",
            new { windowStart = _t0.AddHours(-3), windowEnd = _t0.AddHours(-2) }, HttpStatusCode.Accepted);
        return new Target(model, MonitoringFlow.Id(plan), MonitoringFlow.Id(alert), spare);
    }

    private string PathOf(ApiRoute route, Target target) => route.Path(target.RouteValues(route.Pattern)) + HttpProbes[route.Key].Query(target);

    private async Task<Answer> SendAsync(ApiRoute route, string? token, Target target, HttpContent? content = null, bool useProbeBody = true)
    {
        using var client = token is null ? factory.CreateClient() : factory.As(token);
        using var request = new HttpRequestMessage(new HttpMethod(route.Method), PathOf(route, target));
        request.Headers.TryAddWithoutValidation("If-Match", "*");
        request.Content = useProbeBody ? Serialize(HttpProbes[route.Key].Body?.Invoke(target)) : content;
        using var response = await client.SendAsync(request);
        return new Answer((int)response.StatusCode, await response.Content.ReadAsStringAsync(), response.Content.Headers.ContentType?.MediaType);
    }

    private static ByteArrayContent? Serialize(JsonObject? body) => body is null ? null : Content(Encoding.UTF8.GetBytes(body.ToJsonString()), "application/json");

    private static ByteArrayContent Content(byte[] bytes, string contentType)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return content;
    }

    /// <summary>What a write could have changed in org A: plans and their revisions, points, alerts and theirs, windows, log objects, events.</summary>
    private Task<(int Plans, long PlanRevisions, int Points, int Alerts, long AlertRevisions, int Evaluations, int LogObjects, int Events)> SnapshotAsync() =>
        factory.QueryAsync(async db => (
            await db.Plans.CountAsync(p => p.Org == _orgA),
            await db.Plans.Where(p => p.Org == _orgA).SumAsync(p => p.Revision),
            await db.Points.CountAsync(p => p.Org == _orgA),
            await db.Alerts.CountAsync(a => a.Org == _orgA),
            await db.Alerts.Where(a => a.Org == _orgA).SumAsync(a => a.Revision),
            await db.Evaluations.CountAsync(e => db.Plans.Any(p => p.Id == e.PlanId && p.Org == _orgA)),
            await db.LogObjects.CountAsync(o => o.Org == _orgA),
            await db.Set<OutboxMessage>().CountAsync(m => m.Body.Contains(_orgA))));

    [Fact]
    public void Every_route_needs_authorization_or_is_a_named_management_endpoint_and_has_a_probe()
    {
        var routes = Routes;
        Assert.Contains(routes, r => r.Key == $"POST {Base}/plans/{{id}}/evaluations");
        Assert.Contains(routes, r => r.Key == $"POST {Base}/predictions");
        Assert.All(routes, route => Assert.True(EndpointCatalog.IsManagement(route) || route.RequiresAuthorization,
            $"{route} carries no authorization policy; give it one (RequireAuthorization) or, if it is a probe, a management path."));
        Assert.All(GuardedRoutes, route => Assert.True(HttpProbes.ContainsKey(route.Key),
            $"{route} has no probe: add it to {nameof(HttpProbes)} so the guards cover it."));
        Assert.All(HttpProbes.Keys, key => Assert.True(routes.Any(r => r.Key == key), $"{key} is probed but not mapped"));
    }

    [Fact]
    public async Task Without_a_token_every_route_answers_401()
    {
        var target = await TargetAsync();
        var before = await SnapshotAsync();
        foreach (var route in GuardedRoutes)
        {
            var answer = await SendAsync(route, null, target);
            Assert.True(answer.Status == 401, $"{route} without a token: {answer.Status} {answer.Text}");
        }
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task The_callers_of_the_probes_get_org_As_data_so_the_other_org_checks_below_are_not_vacuous()
    {
        var target = await TargetAsync();
        foreach (var route in GuardedRoutes.Where(r => !r.IsWrite))
        {
            var answer = await SendAsync(route, HttpProbes[route.Key].Token(), target);
            Assert.True(answer.Status == 200, $"{route} as org A's owner: {answer.Status} {answer.Text}");
            Assert.True(answer.Text.Contains(_secret, StringComparison.Ordinal) || answer.Text.Contains(_orgA, StringComparison.Ordinal)
                || answer.Text.Contains(target.PlanId, StringComparison.Ordinal), $"{route} shows org A's owner nothing of org A: {answer.Text}");
        }
    }

    [Fact]
    public async Task An_owner_or_pipeline_of_another_org_never_gets_or_changes_that_orgs_data()
    {
        var target = await TargetAsync();
        var before = await SnapshotAsync();
        var reader = TestIdentity.Token("nate.owner", [PlatformRoles.ModelOwner], [_orgB]);
        var writers = new[] { reader, TestIdentity.Token("ci-integration", [PlatformRoles.Integration], [_orgB], clientId: "model-risk-ci") };

        foreach (var route in GuardedRoutes)
        {
            foreach (var token in route.IsWrite ? writers : [reader])
            {
                var answer = await SendAsync(route, token, target);
                var what = $"{route} from org B: {answer.Status} {answer.Text[..Math.Min(answer.Text.Length, 300)]}";
                Assert.False(answer.Text.Contains(_secret, StringComparison.Ordinal), $"{what} shows org A's secret");
                Assert.False(answer.Text.Contains(_orgA, StringComparison.Ordinal), $"{what} names org A");
                // A 404 may echo the id the caller sent; a list names none of org A's plans.
                Assert.False(route.RouteParameters.Count == 0 && answer.Text.Contains(target.PlanId, StringComparison.Ordinal), $"{what} shows org A's plan");
                if (route.IsWrite)
                {
                    Assert.True(answer.Status is 403 or 404, what);
                }
                else if (route.RouteParameters.Count > 0 || route.Key == $"GET {Base}/series")
                {
                    // The series names org A's model in its query: as unknown to org B as a plan id in the path.
                    Assert.True(answer.Status == 404, what);
                }
                else
                {
                    Assert.True(answer.Status == 200, what);
                }
                Assert.True(before == await SnapshotAsync(), $"{what} changed org A's data");
            }
        }
    }

    [Fact]
    public async Task A_reader_role_reads_every_org_but_cannot_write()
    {
        var target = await TargetAsync();
        var before = await SnapshotAsync();
        var auditor = TestIdentity.Token("audrey.auditor", [PlatformRoles.Auditor]);
        foreach (var route in GuardedRoutes)
        {
            var answer = await SendAsync(route, auditor, target);
            var what = $"{route} as auditor: {answer.Status} {answer.Text[..Math.Min(answer.Text.Length, 300)]}";
            Assert.True(route.IsWrite ? answer.Status == 403 : answer.Status == 200, what);
            Assert.True(before == await SnapshotAsync(), $"{what} changed org A's data");
        }
    }

    private static IEnumerable<(string Name, HttpContent? Content, bool Exactly400)> BadInputs(JsonObject valid, bool bodyOptional)
    {
        JsonObject EveryText(string value) => new(valid.Select(kv => KeyValuePair.Create(kv.Key,
            kv.Value is JsonValue v && v.GetValueKind() == JsonValueKind.String ? JsonValue.Create(value) : kv.Value?.DeepClone())));
        const string marker = "@@bad@@";
        var marked = EveryText(marker).ToJsonString();
        var invalidUtf8 = marked.Split(marker)
            .SelectMany((part, i) => (i == 0 ? [] : new byte[] { 0xC3, 0x28, 0xFF }).Concat(Encoding.UTF8.GetBytes(part)))
            .ToArray();

        yield return ("malformed JSON", Content(Encoding.UTF8.GetBytes("{\"modelId\": \"x\", "), "application/json"), true);
        yield return ("wrong types", Content(Encoding.UTF8.GetBytes(
            """{"modelId":true,"modelVersionId":1,"name":[],"metrics":"psi","window":60,"schedule":{},"referenceDatasetId":5,"groupColumn":[1],"alertRoutes":"http://x","runbookUrl":1,"dashboardUrl":false,"retraining":"yes","consecutiveBreaches":"three","points":{},"batchId":7,"rows":"many","labels":1,"windowStart":"soon","windowEnd":[]}"""),
            "application/json"), true);
        if (valid["metrics"] is JsonArray)
        {
            var named = valid.DeepClone().AsObject();
            named["metrics"]![0]!["direction"] = "Sideways";
            yield return ("unknown enum name", Content(Encoding.UTF8.GetBytes(named.ToJsonString()), "application/json"), true);
            var numbered = valid.DeepClone().AsObject();
            numbered["metrics"]![0]!["kind"] = 42;
            yield return ("undefined enum number", Content(Encoding.UTF8.GetBytes(numbered.ToJsonString()), "application/json"), true);
        }
        yield return ("huge strings", Content(Encoding.UTF8.GetBytes(EveryText(new string('x', 300_000)).ToJsonString()), "application/json"), false);
        yield return ("oversized body", Content(Encoding.UTF8.GetBytes(EveryText(new string('y', 1_500_000)).ToJsonString()), "application/json"), false);
        yield return ("control characters", Content(Encoding.UTF8.GetBytes(EveryText("x\u0000\u001b[2J").ToJsonString()), "application/json"), false);
        yield return ("unpaired surrogate", Content(Encoding.UTF8.GetBytes(marked.Replace(marker, "\\ud800x", StringComparison.Ordinal)), "application/json"), false);
        yield return ("invalid UTF-8", Content(invalidUtf8, "application/json"), false);
        yield return ("wrong content type", Content(Encoding.UTF8.GetBytes(valid.ToJsonString()), "text/plain"), false);
        yield return ("an array", Content("[]"u8.ToArray(), "application/json"), false);
        if (!bodyOptional)
        {
            // A route whose body is optional (evaluate now: the plan's window ending now) takes no body and null as "the defaults".
            yield return ("no body", Content([], "application/json"), false);
            yield return ("null", Content("null"u8.ToArray(), "application/json"), false);
        }
    }

    private static bool BodyIsOptional(ApiRoute route) =>
        route.Endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IAcceptsMetadata>()?.IsOptional == true;

    [Fact]
    public async Task Bad_input_to_every_write_route_is_a_problem_that_changes_nothing()
    {
        var writes = GuardedRoutes.Where(r => r.IsWrite && HttpProbes[r.Key].Body is not null).ToList();
        Assert.Contains(writes, r => r.Key == $"POST {Base}/plans/{{id}}/evaluations");
        Assert.Contains(writes, r => r.Key == $"POST {Base}/points");
        foreach (var route in writes)
        {
            var probe = HttpProbes[route.Key];
            // A fresh target and a caller allowed to act: a refusal comes from the input.
            var target = await TargetAsync();
            var before = await SnapshotAsync();
            foreach (var (name, content, exactly400) in BadInputs(probe.Body!(target)!, BodyIsOptional(route)))
            {
                var answer = await SendAsync(route, probe.Token(), target, content, useProbeBody: false);
                var what = $"{route} with {name}: {answer.Status} {answer.Text[..Math.Min(answer.Text.Length, 300)]}";
                Assert.True(exactly400 ? answer.Status == 400 : answer.Status is >= 400 and < 500, what);
                Assert.True(answer.MediaType == "application/problem+json", what);
                Assert.True(before == await SnapshotAsync(), $"{what} changed data");
            }
            // The control: the same route takes the valid request, so the refusals above were the input's doing.
            var valid = await SendAsync(route, probe.Token(), target);
            Assert.True(valid.Status is 200 or 201 or 202, $"{route} with its valid body: {valid.Status} {valid.Text}");
            Assert.False(before == await SnapshotAsync(), $"{route} with its valid body changed nothing, so the snapshot cannot see its writes");
        }
    }
}
