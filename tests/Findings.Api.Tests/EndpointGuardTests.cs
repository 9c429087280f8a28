using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ModelRisk.Findings.Tests.Infrastructure;
using ModelRisk.Messaging.Outbox;
using ModelRisk.ServiceDefaults.Identity;
using ModelRisk.TestSupport;

namespace ModelRisk.Findings.Tests;

/// <summary>
/// Guards every route inherits, walking the routes the service actually maps (EndpointCatalog), so a new route that
/// forgets authorization, org scoping or input checks fails here. A new route also needs an entry in
/// <see cref="HttpProbes"/>: the state it acts on, who may call it and a request that succeeds.
/// </summary>
public sealed class EndpointGuardTests(FindingsFactory factory) : IClassFixture<FindingsFactory>
{
    private const string Base = "/api/findings";
    private readonly string _orgA = "guard-a-" + Guid.NewGuid().ToString("N")[..8];
    private readonly string _orgB = "guard-b-" + Guid.NewGuid().ToString("N")[..8];
    private readonly string _secret = "secret-" + Guid.NewGuid().ToString("N");

    private FindingFlow Flow => new(factory);

    private string OwnerA => TestIdentity.Token("olivia.owner", [PlatformRoles.ModelOwner], [_orgA]);

    /// <summary>How far org A's finding has gone when a route is probed.</summary>
    private enum Stage { Open, InRemediation, Ready, Closed }

    private sealed record Target(string FindingId, string IncidentId, IReadOnlyDictionary<string, string> RouteValues);

    private sealed record Probe(Stage Stage, Func<string> Token, Func<Target, JsonObject?> Body);

    private sealed record Answer(int Status, string Text, string? MediaType);

    private static JsonObject? NoBody(Target _) => null;

    private static JsonObject Json(object value) => JsonSerializer.SerializeToNode(value, JsonSerializerOptions.Web)!.AsObject();

    private JsonObject NewFinding() => Json(new
    {
        org = _orgA, modelId = "model-1", source = "Manual", title = "Threshold too low", description = _secret, severity = "High",
        severityRationale = "Affects approvals.", owner = "olivia.owner", verificationSteps = new[] { "Re-run" },
    });

    /// <summary>Per HTTP route: the stage it needs, a caller allowed to make it in org A, and a body that succeeds.</summary>
    private Dictionary<string, Probe> HttpProbes => new()
    {
        [$"GET {Base}"] = new(Stage.Open, () => OwnerA, NoBody),
        [$"GET {Base}/export"] = new(Stage.Open, () => OwnerA, NoBody),
        [$"GET {Base}/{{id}}"] = new(Stage.Open, () => OwnerA, NoBody),
        [$"GET {Base}/incidents"] = new(Stage.Open, () => OwnerA, NoBody),
        [$"GET {Base}/incidents/{{id}}"] = new(Stage.Open, () => OwnerA, NoBody),
        [$"GET {Base}/sla-policies/{{org}}"] = new(Stage.Open, () => OwnerA, NoBody),
        [$"GET {Base}/sla-adherence"] = new(Stage.Open, () => OwnerA, NoBody),
        [$"GET {Base}/webhook-deliveries"] = new(Stage.Open, () => OwnerA, NoBody),
        [$"POST {Base}"] = new(Stage.Open, () => OwnerA, _ => NewFinding()),
        [$"PATCH {Base}/{{id}}"] = new(Stage.Open, () => OwnerA, _ => Json(new { title = "Threshold too low for thin files" })),
        [$"PUT {Base}/{{id}}/severity"] = new(Stage.Open, () => OwnerA, _ => Json(new { severity = "Critical", rationale = "Customers affected." })),
        [$"POST {Base}/{{id}}/remediation"] = new(Stage.Open, () => OwnerA, _ => Json(new { remediator = "dev.one", remediationPlan = "Raise the threshold." })),
        [$"POST {Base}/{{id}}/ready-for-verification"] = new(Stage.InRemediation, () => OwnerA, _ => Json(new { note = "Threshold raised." })),
        [$"POST {Base}/{{id}}/verification"] = new(Stage.Ready, () => People.Analyst, _ => Json(new { passed = true, notes = "Re-run passes." })),
        [$"POST {Base}/{{id}}/risk-acceptance"] = new(Stage.Open, () => People.Approver,
            _ => Json(new { rationale = "Manual review compensates.", expires = DateTimeOffset.UtcNow.AddDays(30) })),
        [$"POST {Base}/{{id}}/reopen"] = new(Stage.Closed, () => OwnerA, _ => Json(new { reason = "Drift is back." })),
        [$"POST {Base}/{{id}}/evidence"] = new(Stage.Open, () => OwnerA, _ => Json(new { uri = "s3://evidence/x.html", sha256 = FindingFlow.Sha, description = "Re-run" })),
        [$"POST {Base}/{{id}}/comments"] = new(Stage.Open, () => OwnerA, _ => Json(new { text = "Working on it." })),
        [$"POST {Base}/incidents"] = new(Stage.Open, () => OwnerA, _ => Json(new
        {
            org = _orgA, modelId = "model-1", title = "Outage", description = "Scores missing", severity = "High",
            detectedAt = DateTimeOffset.UtcNow.AddHours(-2), awareAt = DateTimeOffset.UtcNow.AddHours(-1),
            blastRadius = new { endpoints = new[] { "https://score.test/v1" }, customers = 5, geographies = new[] { "DE" } },
        })),
        [$"POST {Base}/incidents/{{id}}/timeline"] = new(Stage.Open, () => OwnerA, _ => Json(new { at = DateTimeOffset.UtcNow.AddMinutes(-5), text = "Paged the on-call." })),
        [$"PUT {Base}/incidents/{{id}}/mitigation"] = new(Stage.Open, () => OwnerA,
            _ => Json(new { kind = "FeatureFlag", description = "Flag off.", mitigatedAt = DateTimeOffset.UtcNow.AddMinutes(-1) })),
        [$"PUT {Base}/incidents/{{id}}/postmortem"] = new(Stage.Open, () => OwnerA,
            _ => Json(new { uri = "https://wiki.test/pm/1", sha256 = FindingFlow.Sha, summary = "A stale feature store." })),
        [$"POST {Base}/incidents/{{id}}/corrective-actions"] = new(Stage.Open, () => OwnerA, _ => Json(new
        {
            title = "Alert on staleness", description = "d", severity = "Medium", severityRationale = "Prevents recurrence.", owner = "olivia.owner",
        })),
        [$"PUT {Base}/incidents/{{id}}/regulatory-scope"] = new(Stage.Open, () => People.Analyst,
            _ => Json(new { highRiskInScope = true, death = false, widespreadOrCriticalInfrastructure = false, rationale = "Annex III credit scoring." })),
        [$"POST {Base}/incidents/{{id}}/authority-report"] = new(Stage.Open, () => People.Analyst,
            _ => Json(new { reportedAt = DateTimeOffset.UtcNow.AddMinutes(-1), reference = "MSA-1" })),
        [$"PUT {Base}/sla-policies/{{org}}"] = new(Stage.Open, () => People.Analyst,
            _ => Json(new { timeZone = "Europe/Berlin", calendar = "Business", criticalDays = 2, highDays = 10, mediumDays = 30, lowDays = 60 })),
    };

    private IReadOnlyList<ApiRoute> Routes => EndpointCatalog.Routes(factory.Services);

    private IEnumerable<ApiRoute> GuardedRoutes => Routes.Where(r => !EndpointCatalog.IsManagement(r));

    /// <summary>Org A's finding taken to <paramref name="stage"/>, and an incident, both with the secret in their text.</summary>
    private async Task<Target> TargetAsync(Stage stage)
    {
        var finding = await Flow.SendAsync(OwnerA, HttpMethod.Post, Base, NewFinding(), HttpStatusCode.Created);
        if (stage > Stage.Open)
        {
            finding = await Flow.ActAsync(finding, OwnerA, "remediation", new { remediator = "dev.one" });
            finding = await Flow.ActAsync(finding, OwnerA, "evidence", new { uri = "s3://evidence/fix.html", sha256 = FindingFlow.Sha });
        }
        if (stage > Stage.InRemediation)
        {
            finding = await Flow.ActAsync(finding, OwnerA, "ready-for-verification", new { note = "done" });
        }
        if (stage > Stage.Ready)
        {
            finding = await Flow.ActAsync(finding, People.Analyst, "verification", new { passed = true, notes = "ok" });
        }
        var incident = await Flow.SendAsync(OwnerA, HttpMethod.Post, $"{Base}/incidents", new
        {
            org = _orgA, modelId = "model-1", title = "Outage", description = _secret, severity = "High",
            detectedAt = DateTimeOffset.UtcNow.AddHours(-3), awareAt = DateTimeOffset.UtcNow.AddHours(-2),
        }, HttpStatusCode.Created);
        return new Target(FindingFlow.Id(finding), FindingFlow.Id(incident), new Dictionary<string, string> { ["org"] = _orgA });
    }

    private static string PathOf(ApiRoute route, Target target) =>
        route.Path(new Dictionary<string, string>(target.RouteValues)
        {
            ["id"] = route.Pattern.StartsWith($"{Base}/incidents/", StringComparison.Ordinal) ? target.IncidentId : target.FindingId,
        });

    private async Task<Answer> SendAsync(ApiRoute route, string? token, Target target, HttpContent? content = null, bool useProbeBody = true)
    {
        using var client = token is null ? factory.CreateClient() : factory.As(token);
        using var request = new HttpRequestMessage(new HttpMethod(route.Method), PathOf(route, target));
        request.Headers.TryAddWithoutValidation("If-Match", "*");
        request.Content = useProbeBody ? Serialize(HttpProbes[route.Key].Body(target)) : content;
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

    /// <summary>What a write could have changed in org A: findings, incidents and their revisions, the SLA policy, deliveries, events.</summary>
    private Task<(int Findings, long FindingRevisions, int Incidents, long IncidentRevisions, int Policies, int Deliveries, int Events)> SnapshotAsync() =>
        factory.QueryAsync(async db => (
            await db.Findings.CountAsync(f => f.Org == _orgA),
            await db.Findings.Where(f => f.Org == _orgA).SumAsync(f => f.Revision),
            await db.Incidents.CountAsync(i => i.Org == _orgA),
            await db.Incidents.Where(i => i.Org == _orgA).SumAsync(i => i.Revision),
            await db.SlaPolicies.CountAsync(p => p.Org == _orgA),
            await db.WebhookDeliveries.CountAsync(d => d.Org == _orgA),
            await db.Set<OutboxMessage>().CountAsync(m => m.Body.Contains(_orgA))));

    [Fact]
    public void Every_route_needs_authorization_or_is_a_named_management_endpoint_and_has_a_probe()
    {
        var routes = Routes;
        Assert.Contains(routes, r => r.Key == $"POST {Base}/{{id}}/verification");
        Assert.All(routes, route => Assert.True(EndpointCatalog.IsManagement(route) || route.RequiresAuthorization,
            $"{route} carries no authorization policy; give it one (RequireAuthorization) or, if it is a probe, a management path."));
        Assert.All(GuardedRoutes, route => Assert.True(HttpProbes.ContainsKey(route.Key),
            $"{route} has no probe: add it to {nameof(HttpProbes)} so the guards cover it."));
    }

    [Fact]
    public async Task Without_a_token_every_route_answers_401()
    {
        var target = await TargetAsync(Stage.Open);
        var before = await SnapshotAsync();
        foreach (var route in GuardedRoutes)
        {
            var answer = await SendAsync(route, null, target);
            Assert.True(answer.Status == 401, $"{route} without a token: {answer.Status} {answer.Text}");
        }
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task An_owner_of_another_org_never_gets_or_changes_that_orgs_data()
    {
        var target = await TargetAsync(Stage.Ready);
        var before = await SnapshotAsync();
        var reader = TestIdentity.Token("nate.owner", [PlatformRoles.ModelOwner], [_orgB]);
        var writers = new[] { reader, TestIdentity.Token("ci-integration", [PlatformRoles.Integration], [_orgB], clientId: "model-risk-ci") };

        foreach (var route in GuardedRoutes)
        {
            foreach (var token in route.IsWrite ? writers : [reader])
            {
                var answer = await SendAsync(route, token, target);
                var what = $"{route} from org B: {answer.Status} {answer.Text[..Math.Min(answer.Text.Length, 300)]}";
                Assert.DoesNotContain(_secret, answer.Text);
                if (route.IsWrite)
                {
                    Assert.True(answer.Status is 403 or 404, what);
                }
                else if (route.RouteParameters.Count > 0)
                {
                    Assert.True(answer.Status == 404, what);
                }
                else
                {
                    Assert.True(answer.Status is 200 or 403 or 404, what);
                }
                Assert.True(before == await SnapshotAsync(), $"{what} changed org A's data");
            }
        }
    }

    private static IEnumerable<(string Name, HttpContent? Content)> BadInputs(JsonObject? valid)
    {
        var fields = valid ?? new JsonObject { ["reason"] = "x" };
        JsonObject EveryText(string value) => new(fields.Select(kv => KeyValuePair.Create(kv.Key,
            kv.Value is JsonValue v && v.GetValueKind() == JsonValueKind.String ? JsonValue.Create(value) : kv.Value?.DeepClone())));
        const string marker = "@@bad@@";
        var marked = EveryText(marker).ToJsonString();
        var invalidUtf8 = marked.Split(marker)
            .SelectMany((part, i) => (i == 0 ? [] : new byte[] { 0xC3, 0x28, 0xFF }).Concat(Encoding.UTF8.GetBytes(part)))
            .ToArray();

        yield return ("malformed JSON", Content(Encoding.UTF8.GetBytes("{\"reason\": \"x\", "), "application/json"));
        yield return ("wrong types", Content(Encoding.UTF8.GetBytes(
            """{"org":1,"modelId":true,"source":3.5,"title":[],"severity":{},"severityRationale":5,"owner":[1],"passed":"yes","notes":1,"expires":"soon","reason":1,"uri":[],"sha256":5,"text":{},"kind":7,"mitigatedAt":false,"highRiskInScope":"x","criticalDays":"many","at":1,"reportedAt":[],"verificationSteps":"x","blastRadius":"x","note":1,"remediator":[1],"remediationPlan":{},"description":[],"summary":2,"rationale":false,"reference":3}"""),
            "application/json"));
        yield return ("huge strings", Content(Encoding.UTF8.GetBytes(EveryText(new string('x', 300_000)).ToJsonString()), "application/json"));
        yield return ("oversized body", Content(Encoding.UTF8.GetBytes(EveryText(new string('y', 1_500_000)).ToJsonString()), "application/json"));
        yield return ("control characters", Content(Encoding.UTF8.GetBytes(EveryText("x\u0000\u001b[2J").ToJsonString()), "application/json"));
        yield return ("unpaired surrogate", Content(Encoding.UTF8.GetBytes(marked.Replace(marker, "\\ud800x", StringComparison.Ordinal)), "application/json"));
        yield return ("invalid UTF-8", Content(invalidUtf8, "application/json"));
        yield return ("wrong content type", Content(Encoding.UTF8.GetBytes(fields.ToJsonString()), "text/plain"));
        yield return ("no body", Content([], "application/json"));
        yield return ("an array", Content("[]"u8.ToArray(), "application/json"));
        yield return ("null", Content("null"u8.ToArray(), "application/json"));
    }

    [Fact]
    public async Task Bad_input_to_every_write_route_is_a_problem_that_changes_nothing()
    {
        foreach (var route in GuardedRoutes.Where(r => r.IsWrite))
        {
            var probe = HttpProbes[route.Key];
            // A fresh finding at the stage the route acts on, and a caller allowed to act: a refusal comes from the input.
            var target = await TargetAsync(probe.Stage);
            var before = await SnapshotAsync();
            foreach (var (name, content) in BadInputs(probe.Body(target)))
            {
                var answer = await SendAsync(route, probe.Token(), target, content, useProbeBody: false);
                var what = $"{route} with {name}: {answer.Status} {answer.Text[..Math.Min(answer.Text.Length, 300)]}";
                Assert.True(answer.Status is >= 400 and < 500, what);
                Assert.True(answer.MediaType == "application/problem+json", what);
                Assert.True(before == await SnapshotAsync(), $"{what} changed data");
            }
            // The control: the same route takes the valid request, so the refusals above were the input's doing.
            var valid = await SendAsync(route, probe.Token(), target);
            Assert.True(valid.Status is 200 or 201, $"{route} with its valid body: {valid.Status} {valid.Text}");
        }
    }
}
