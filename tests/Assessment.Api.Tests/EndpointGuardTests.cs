using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModelRisk.Assessment.Tests.Infrastructure;
using ModelRisk.Contracts.Grpc.Assessment.V1;
using ModelRisk.Contracts.Validation.V1;
using ModelRisk.Datasets.Storage;
using ModelRisk.Messaging.Outbox;
using ModelRisk.ServiceDefaults.Identity;
using ModelRisk.TestSupport;

namespace ModelRisk.Assessment.Tests;

/// <summary>
/// Guards every route inherits, walking the routes the service actually maps (EndpointCatalog), so a new route that
/// forgets authorization, org scoping or input checks fails here. A new route also needs an entry in
/// <see cref="HttpProbes"/> or <see cref="GrpcCalls"/>: the state it acts on, who may call it and a request that succeeds.
/// </summary>
public sealed class EndpointGuardTests(AssessmentFactory factory) : IClassFixture<AssessmentFactory>, IDisposable
{
    private const string Base = "/api/assessment";
    private readonly string _orgA = "guard-a-" + Guid.NewGuid().ToString("N")[..8];
    private readonly string _orgB = "guard-b-" + Guid.NewGuid().ToString("N")[..8];
    private readonly string _secret = "secret-" + Guid.NewGuid().ToString("N");
    private readonly GrpcChannel _channel = GrpcChannel.ForAddress(factory.Server.BaseAddress,
        new GrpcChannelOptions { HttpHandler = factory.Server.CreateHandler() });

    public void Dispose() => _channel.Dispose();

    private ReviewFlow Flow => new(factory);

    private string OwnerA => TestIdentity.Token("olivia.owner", [PlatformRoles.ModelOwner], [_orgA]);

    /// <summary>How far org A's model has gone through the workflow when a route is probed.</summary>
    private enum Stage { Tiered, Draft, Submitted, WithValidator, InReview, Proposed, Decided }

    private sealed record Target(string ModelId, string VersionId, string TieringId, string ReviewId, string DatasetId, string RunId, string QueuedRunId,
        IReadOnlyDictionary<string, string> RouteValues);

    /// <summary>A route's probe; <c>Raw</c> replaces the JSON body where the route takes another one (a dataset's bytes).</summary>
    private sealed record Probe(Stage Stage, Func<string> Token, Func<Target, JsonObject?> Body, Func<Target, HttpContent>? Raw = null);

    private sealed record Answer(int Status, string Text, string? MediaType);

    private static JsonObject? NoBody(Target _) => null;

    private static JsonObject Json(object value) => JsonSerializer.SerializeToNode(value, JsonSerializerOptions.Web)!.AsObject();

    /// <summary>Per HTTP route: the stage it needs, a caller allowed to make it in org A, and a body that succeeds.</summary>
    private Dictionary<string, Probe> HttpProbes => new()
    {
        [$"GET {Base}/tierings"] = new(Stage.Decided, () => OwnerA, NoBody),
        [$"GET {Base}/tierings/{{id}}"] = new(Stage.Decided, () => OwnerA, NoBody),
        [$"GET {Base}/reviews"] = new(Stage.Decided, () => OwnerA, NoBody),
        [$"GET {Base}/reviews/{{id}}"] = new(Stage.Decided, () => OwnerA, NoBody),
        [$"GET {Base}/reviews/{{id}}/intake"] = new(Stage.Decided, () => OwnerA, NoBody),
        [$"GET {Base}/reviews/{{id}}/mra"] = new(Stage.Decided, () => OwnerA, NoBody),
        [$"GET {Base}/reviews/{{id}}/mra/revisions/{{number:int}}"] = new(Stage.Decided, () => OwnerA, NoBody),
        [$"GET {Base}/policies/current"] = new(Stage.Decided, () => OwnerA, NoBody),
        [$"GET {Base}/policies/{{version}}"] = new(Stage.Decided, () => OwnerA, NoBody),
        [$"GET {Base}/decision-log/keys"] = new(Stage.Decided, () => OwnerA, NoBody),
        [$"GET {Base}/decision-log/{{org}}/verification"] = new(Stage.Decided, () => OwnerA, NoBody),
        [$"GET {Base}/decision-log/{{org}}/export"] = new(Stage.Decided, () => OwnerA, NoBody),
        [$"POST {Base}/tierings"] = new(Stage.Tiered, () => OwnerA, t => Json(new { modelId = t.ModelId, answers = ReviewFlow.HighRiskAnswers })),
        [$"POST {Base}/tierings/{{id}}/override"] = new(Stage.Tiered, () => People.Analyst, _ => Json(new { tier = "Critical", justification = "Systemic exposure" })),
        [$"POST {Base}/reviews"] = new(Stage.Tiered, () => OwnerA, t => Json(new { modelId = t.ModelId, modelVersionId = t.VersionId, kind = "NewModel" })),
        [$"POST {Base}/reviews/{{id}}/evidence"] = new(Stage.Draft, () => OwnerA, _ => Json(new { kind = "model-card", uri = "s3://evidence/card.pdf", sha256 = ReviewFlow.Sha })),
        [$"POST {Base}/reviews/{{id}}/submit"] = new(Stage.Draft, () => OwnerA, _ => Json(new { })),
        [$"POST {Base}/reviews/{{id}}/return"] = new(Stage.Submitted, () => People.Analyst, _ => Json(new { reason = "Attach the data sheet." })),
        [$"PUT {Base}/reviews/{{id}}/validator"] = new(Stage.Submitted, () => People.Analyst, _ => Json(new { validator = "riley.analyst" })),
        [$"POST {Base}/reviews/{{id}}/accept"] = new(Stage.WithValidator, () => People.Analyst, _ => Json(new { })),
        [$"PUT {Base}/reviews/{{id}}/mra"] = new(Stage.InReview, () => People.Analyst, _ => Json(ReviewWorkflowTests.Mra())),
        [$"POST {Base}/reviews/{{id}}/decision"] = new(Stage.InReview, () => People.Approver, _ => Json(new { outcome = "Approve", rationale = "Meets the plan." })),
        [$"POST {Base}/reviews/{{id}}/decision/signatures"] = new(Stage.Proposed, () => People.SecondApprover, _ => Json(new { })),
        [$"POST {Base}/reviews/{{id}}/close"] = new(Stage.Decided, () => People.Analyst, _ => Json(new { })),
        [$"POST {Base}/reviews/{{id}}/reopen"] = new(Stage.Decided, () => People.Analyst, _ => Json(new { reason = "New evidence of drift." })),
        [$"POST {Base}/policies"] = new(Stage.Tiered, () => People.Admin, _ => PolicyBody()),
        [$"POST {Base}/decision-log/{{org}}/checkpoints"] = new(Stage.Decided, () => People.Admin, NoBody),
        [$"GET {Base}/datasets"] = new(Stage.Tiered, () => OwnerA, NoBody),
        [$"GET {Base}/datasets/{{id}}"] = new(Stage.Tiered, () => OwnerA, NoBody),
        [$"GET {Base}/datasets/{{id}}/content"] = new(Stage.Tiered, () => OwnerA, NoBody),
        [$"POST {Base}/datasets"] = new(Stage.Tiered, () => OwnerA, NoBody, _ => Content(Encoding.UTF8.GetBytes("id,score\n1,0.5\n"), "text/csv")),
        [$"DELETE {Base}/datasets/{{id}}"] = new(Stage.Tiered, () => OwnerA, NoBody),
        [$"POST {Base}/reviews/{{id}}/runs"] = new(Stage.Draft, () => People.Analyst, t => Json(new { datasetId = t.DatasetId, scoreColumn = _secret, labelColumn = "id" })),
        [$"GET {Base}/runs"] = new(Stage.Draft, () => OwnerA, NoBody),
        [$"GET {Base}/runs/{{id}}"] = new(Stage.Draft, () => OwnerA, NoBody),
        [$"GET {Base}/runs/{{id}}/result"] = new(Stage.Draft, () => OwnerA, NoBody),
        [$"GET {Base}/runs/{{id}}/report"] = new(Stage.Draft, () => OwnerA, NoBody),
        [$"POST {Base}/runs/{{id}}/cancel"] = new(Stage.Draft, () => People.Analyst, NoBody),
    };

    /// <summary>Per gRPC method, a call on org A's data, answered as the reply's text.</summary>
    private Dictionary<string, Func<Target, Metadata, Task<string>>> GrpcCalls => new()
    {
        ["POST /modelrisk.assessment.v1.AssessmentService/GetReview"] = async (t, headers) =>
            (await Client.GetReviewAsync(new GetReviewRequest { Id = t.ReviewId }, headers)).ToString(),
        ["POST /modelrisk.assessment.v1.AssessmentService/ListReviews"] = async (_, headers) =>
            (await Client.ListReviewsAsync(new ListReviewsRequest { Org = _orgA }, headers)).ToString(),
    };

    private AssessmentService.AssessmentServiceClient Client => new(_channel);

    private IReadOnlyList<ApiRoute> Routes => EndpointCatalog.Routes(factory.Services);

    private IEnumerable<ApiRoute> GuardedRoutes => Routes.Where(r => !EndpointCatalog.IsManagement(r));

    // The gRPC API only reads (see the proto); every gRPC call is a POST all the same.
    private static bool IsWrite(ApiRoute route) => route.IsWrite && !EndpointCatalog.IsGrpc(route);

    // Tiering policies and the log's public keys belong to no org: every reader sees them.
    private static bool IsOrgNeutral(ApiRoute route) =>
        route.Pattern.StartsWith($"{Base}/policies", StringComparison.Ordinal) || route.Pattern == $"{Base}/decision-log/keys";

    /// <summary>The shipped policy under a new version: what a platform admin publishes.</summary>
    private static JsonObject PolicyBody()
    {
        using var stream = typeof(AssessmentModule).Assembly.GetManifestResourceStream("tiering-policy.json")!;
        var policy = JsonNode.Parse(stream)!.AsObject();
        policy["version"] = "guard-" + Guid.NewGuid().ToString("N")[..8];
        return policy;
    }

    /// <summary>Org A's model taken to <paramref name="stage"/>, with the secret in its evidence and assessment.</summary>
    private async Task<Target> TargetAsync(Stage stage)
    {
        var model = factory.Inventory.Add(_orgA);
        var tiering = await Flow.TierAsync(model.Id, OwnerA);
        var reviewId = "none";
        var runId = "none";
        var queuedRunId = "none";
        // A dataset whose header holds the secret: reading its metadata or content from another org would leak it.
        var datasetId = (await Flow.SendAsync(OwnerA, HttpMethod.Post, $"{Base}/datasets?org={_orgA}&name=guard",
            Content(Encoding.UTF8.GetBytes($"id,{_secret}\n1,2\n"), "text/csv"), HttpStatusCode.Created)).GetProperty("id").GetString()!;
        if (stage > Stage.Tiered)
        {
            var review = await Flow.OpenAsync(model.Id, model.Versions[0].Id, OwnerA);
            // Two runs while the review is a draft: one finished (its result and report hold the secret), one still queued.
            (runId, queuedRunId) = await RunsAsync(review.GetProperty("id").GetString()!, datasetId);
            review = await Flow.SendAsync(OwnerA, HttpMethod.Get, $"{Base}/reviews/{review.GetProperty("id").GetString()}");
            if (stage > Stage.Draft)
            {
                foreach (var kind in new[] { "model-card", "evaluation-report", "data-sheet" })
                {
                    review = await Flow.ActAsync(review, OwnerA, "evidence", new { kind, uri = $"s3://evidence/{_secret}/{kind}.pdf", sha256 = ReviewFlow.Sha });
                }
                review = await Flow.ActAsync(review, OwnerA, "submit");
            }
            if (stage > Stage.Submitted)
            {
                review = await Flow.ActAsync(review, People.Analyst, "validator", new { validator = "riley.analyst" });
            }
            if (stage > Stage.WithValidator)
            {
                review = await Flow.ActAsync(review, People.Analyst, "accept");
                await Flow.ActAsync(review, People.Analyst, "mra", ReviewWorkflowTests.Mra() with { UseCase = _secret }, HttpStatusCode.Created);
                review = await Flow.SendAsync(People.Analyst, HttpMethod.Get, $"{Base}/reviews/{review.GetProperty("id").GetString()}");
            }
            if (stage > Stage.InReview)
            {
                review = await Flow.ActAsync(review, People.Approver, "decision", new { outcome = "Approve", rationale = "Meets the plan." });
            }
            if (stage > Stage.Proposed)
            {
                await Flow.ActAsync(review, People.SecondApprover, "decision/signatures");
            }
            reviewId = review.GetProperty("id").GetString()!;
        }
        var tieringId = tiering.GetProperty("id").GetString()!;
        return new Target(model.Id, model.Versions[0].Id, tieringId, reviewId, datasetId, runId, queuedRunId, new Dictionary<string, string>
        {
            ["org"] = _orgA, ["version"] = "2026.1", ["number"] = "1", ["id"] = reviewId,
        });
    }

    /// <summary>A run that succeeded (as if a worker had reported it) and one left queued.</summary>
    private async Task<(string Succeeded, string Queued)> RunsAsync(string reviewId, string datasetId)
    {
        var body = new { datasetId, scoreColumn = _secret, labelColumn = "id" };
        var done = (await Flow.SendAsync(People.Analyst, HttpMethod.Post, $"{Base}/reviews/{reviewId}/runs", body, HttpStatusCode.Accepted)).GetProperty("id").GetString()!;
        var queued = (await Flow.SendAsync(People.Analyst, HttpMethod.Post, $"{Base}/reviews/{reviewId}/runs", body, HttpStatusCode.Accepted)).GetProperty("id").GetString()!;
        await factory.Services.GetRequiredService<IDatasetStorage>().WriteObjectAsync(ValidationRunKeys.Report(done), Encoding.UTF8.GetBytes($"<p>{_secret}</p>"), CancellationToken.None);
        await factory.Harness.Bus.Publish(new ValidationRunResultReady(done, 1, ValidationRunKeys.Result(done), ReviewFlow.Sha, ValidationRunKeys.Report(done),
            $"{{\"secret\":\"{_secret}\"}}", [], "guard-worker", DateTimeOffset.UtcNow));
        await Wait.UntilAsync(async () => (await Flow.SendAsync(OwnerA, HttpMethod.Get, $"{Base}/runs/{done}")).GetProperty("state").GetString() == "Succeeded",
            "the run succeeds");
        return (done, queued);
    }

    private string PathOf(ApiRoute route, Target target) =>
        route.Pattern.StartsWith($"{Base}/runs/", StringComparison.Ordinal)
            ? route.Path(new Dictionary<string, string>(target.RouteValues) { ["id"] = route.Pattern.EndsWith("/cancel", StringComparison.Ordinal) ? target.QueuedRunId : target.RunId })
            : route.Pattern.StartsWith($"{Base}/tierings/", StringComparison.Ordinal)
            ? route.Path(new Dictionary<string, string>(target.RouteValues) { ["id"] = target.TieringId })
            : route.Pattern.StartsWith($"{Base}/datasets/", StringComparison.Ordinal)
                ? route.Path(new Dictionary<string, string>(target.RouteValues) { ["id"] = target.DatasetId })
                // An upload names its org and name in the query: the body is the dataset itself.
                : route.Key == $"POST {Base}/datasets" ? $"{route.Path(target.RouteValues)}?org={_orgA}&name=guard" : route.Path(target.RouteValues);

    private async Task<Answer> SendAsync(ApiRoute route, string? token, Target target, HttpContent? content = null, bool useProbeBody = true)
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
        using var client = token is null ? factory.CreateClient() : factory.As(token);
        using var request = new HttpRequestMessage(new HttpMethod(route.Method), PathOf(route, target));
        request.Headers.TryAddWithoutValidation("If-Match", "*");
        request.Content = !useProbeBody ? content
            : HttpProbes[route.Key].Raw is { } raw ? raw(target) : Serialize(HttpProbes[route.Key].Body(target));
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

    /// <summary>What a write could have changed in org A: tierings, reviews and their revisions, assessments, the log, events, datasets and their bytes.</summary>
    private Task<(int Tierings, long TieringRevisions, int Reviews, long ReviewRevisions, int Mras, int LogEntries, int Checkpoints, int Policies, int Events, int Datasets, int StoredFiles, (int Runs, long RunRevisions) Runs)> SnapshotAsync() =>
        factory.QueryAsync(async db => (
            await db.Tierings.CountAsync(t => t.Org == _orgA),
            await db.Tierings.Where(t => t.Org == _orgA).SumAsync(t => t.Revision),
            await db.Reviews.CountAsync(r => r.Org == _orgA),
            await db.Reviews.Where(r => r.Org == _orgA).SumAsync(r => r.Revision),
            await db.MraRevisions.CountAsync(m => m.Org == _orgA),
            await db.DecisionLog.CountAsync(e => e.Org == _orgA),
            await db.DecisionLogCheckpoints.CountAsync(c => c.Org == _orgA),
            await db.Policies.CountAsync(),
            await db.Set<OutboxMessage>().CountAsync(m => m.Body.Contains(_orgA)),
            await db.Datasets.CountAsync(d => d.Org == _orgA),
            factory.StoredDatasetFiles().Count(f => f.Contains(_orgA, StringComparison.Ordinal) || f.StartsWith(".incoming", StringComparison.Ordinal)),
            (await db.ValidationRuns.CountAsync(r => r.Org == _orgA), await db.ValidationRuns.Where(r => r.Org == _orgA).SumAsync(r => r.Revision))));

    [Fact]
    public void Every_route_needs_authorization_or_is_a_named_management_endpoint_and_has_a_probe()
    {
        var routes = Routes;
        Assert.Contains(routes, r => r.Key == $"POST {Base}/reviews/{{id}}/decision");
        Assert.Contains(routes, EndpointCatalog.IsGrpc);
        Assert.All(routes, route => Assert.True(EndpointCatalog.IsManagement(route) || route.RequiresAuthorization,
            $"{route} carries no authorization policy; give it one (RequireAuthorization) or, if it is a probe, a management path."));
        var probed = HttpProbes.Keys.Concat(GrpcCalls.Keys).ToHashSet();
        Assert.All(GuardedRoutes, route => Assert.True(probed.Contains(route.Key),
            $"{route} has no probe: add it to {nameof(HttpProbes)} or {nameof(GrpcCalls)} so the guards cover it."));
    }

    [Fact]
    public async Task Without_a_token_every_route_answers_401()
    {
        var target = await TargetAsync(Stage.Decided);
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
        var target = await TargetAsync(Stage.Decided);
        var before = await SnapshotAsync();
        var reader = TestIdentity.Token("nate.owner", [PlatformRoles.ModelOwner], [_orgB]);
        var writers = new[] { reader, TestIdentity.Token("ci-integration", [PlatformRoles.Integration], [_orgB], clientId: "model-risk-ci") };

        foreach (var route in GuardedRoutes)
        {
            foreach (var token in IsWrite(route) ? writers : [reader])
            {
                var answer = await SendAsync(route, token, target);
                var what = $"{route} from org B: {answer.Status} {answer.Text[..Math.Min(answer.Text.Length, 300)]}";
                Assert.DoesNotContain(_secret, answer.Text);
                if (IsWrite(route))
                {
                    Assert.True(answer.Status is 403 or 404, what);
                }
                else if (route.RouteParameters.Count > 0 && !IsOrgNeutral(route))
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
        // Every text value replaced by a marker, so the raw bytes there can be made what no serializer would write.
        const string marker = "@@bad@@";
        var marked = EveryText(marker).ToJsonString();
        var invalidUtf8 = marked.Split(marker)
            .SelectMany((part, i) => (i == 0 ? [] : new byte[] { 0xC3, 0x28, 0xFF }).Concat(Encoding.UTF8.GetBytes(part)))
            .ToArray();

        yield return ("malformed JSON", Content(Encoding.UTF8.GetBytes("{\"reason\": \"x\", "), "application/json"));
        yield return ("wrong types", Content(Encoding.UTF8.GetBytes(
            """{"modelId":1,"modelVersionId":true,"kind":3.5,"answers":"x","tier":false,"justification":{},"uri":[],"sha256":5,"reason":1,"validator":[1],"outcome":7,"rationale":{},"conditions":"x","version":[],"factors":1,"useCase":[],"threats":"x","inherentRisk":"high"}"""),
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
        foreach (var route in GuardedRoutes.Where(IsWrite))
        {
            var probe = HttpProbes[route.Key];
            // A fresh model at the stage the route acts on, and a caller allowed to act: a refusal comes from the input.
            var target = await TargetAsync(probe.Stage);
            var before = await SnapshotAsync();
            foreach (var (name, content) in BadInputs(probe.Body(target)))
            {
                var answer = await SendAsync(route, probe.Token(), target, content, useProbeBody: false);
                var what = $"{route} with {name}: {answer.Status} {answer.Text[..Math.Min(answer.Text.Length, 300)]}";
                Assert.True(answer.Status < 500, what);
                // A write without a body to read (the checkpoint, a submit) may succeed whatever was sent.
                if (answer.Status >= 400)
                {
                    Assert.True(answer.MediaType == "application/problem+json", what);
                    Assert.True(before == await SnapshotAsync(), $"{what} changed data");
                }
                else
                {
                    Assert.True(probe.Body(target) is null || probe.Body(target)!.Count == 0, $"{what}: accepted");
                    target = await TargetAsync(probe.Stage);
                    before = await SnapshotAsync();
                }
            }
            // The control: the same route takes the valid request, so the refusals above were the input's doing.
            var valid = await SendAsync(route, probe.Token(), target);
            Assert.True(valid.Status is 200 or 201 or 202 or 204, $"{route} with its valid body: {valid.Status} {valid.Text}");
        }
    }
}
