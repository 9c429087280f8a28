using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModelRisk.Datasets.Storage;
using ModelRisk.Monitoring.Tests.Infrastructure;
using Parquet;
using Parquet.Schema;

namespace ModelRisk.Monitoring.Tests;

/// <summary>Monitoring plans: create, read, page, change under If-Match, retire; every field rule; one active plan per model and version; the reference dataset.</summary>
public sealed class PlanTests(MonitoringFactory factory) : IClassFixture<MonitoringFactory>
{
    private const string Plans = "/api/monitoring/plans";
    private readonly People _people = People.InNewOrg("plan");

    private MonitoringFlow Flow => new(factory);

    private static JsonObject Json(object value) => JsonSerializer.SerializeToNode(value, JsonSerializerOptions.Web)!.AsObject();

    private static JsonObject Plan(string modelId) => Json(MonitoringFlow.PushedPlan(modelId));

    private async Task<JsonElement> SendRawAsync(string token, HttpMethod method, string path, JsonObject body, HttpStatusCode expected, string? ifMatch = null)
    {
        using var client = factory.As(token);
        using var request = new HttpRequestMessage(method, path) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{method} {path}: expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    [Fact]
    public async Task A_plan_is_created_read_back_with_its_ETag_and_is_complete_with_a_threshold_a_route_a_dashboard_and_a_runbook()
    {
        var model = await factory.RegisterModelAsync(_people.Org);
        var created = await Flow.CreatePlanAsync(_people.Owner, MonitoringFlow.PushedPlan(model, consecutive: 2));

        Assert.Equal((_people.Org, model, "Active", "1h", "0 * * * *", 2, true),
            (created.GetProperty("org").GetString(), created.GetProperty("modelId").GetString(), created.GetProperty("status").GetString(),
                created.GetProperty("window").GetString(), created.GetProperty("schedule").GetString(), created.GetProperty("consecutiveBreaches").GetInt32(),
                created.GetProperty("complete").GetBoolean()));
        Assert.Empty(created.GetProperty("missing").EnumerateArray());
        var metric = Assert.Single(created.GetProperty("metrics").EnumerateArray());
        Assert.Equal(("toxicity_rate", "Custom", "Above", 0.02, 0.05), (metric.GetProperty("metric").GetString(), metric.GetProperty("kind").GetString(),
            metric.GetProperty("direction").GetString(), metric.GetProperty("warning").GetDouble(), metric.GetProperty("critical").GetDouble()));
        Assert.Equal("olivia.owner", created.GetProperty("createdBy").GetString());

        using var client = factory.As(_people.Owner);
        using var response = await client.GetAsync($"{Plans}/{MonitoringFlow.Id(created)}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(MonitoringFlow.ETag(created), response.Headers.ETag?.ToString());
        var read = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(MonitoringFlow.Id(created), MonitoringFlow.Id(read));
        Assert.False(read.TryGetProperty("referenceKey", out _), "the store key of the reference is internal");
    }

    [Theory]
    [InlineData("no runbook", "runbookUrl", "runbook")]
    [InlineData("no dashboard", "dashboardUrl", "dashboard")]
    [InlineData("no route", "alertRoutes", "alerting: a threshold and an alert route")]
    public async Task A_plan_without_a_part_is_accepted_but_incomplete_and_says_what_it_misses(string _, string removed, string missing)
    {
        var model = await factory.RegisterModelAsync(_people.Org);
        var plan = Plan(model);
        plan.Remove(removed);

        var created = await SendRawAsync(_people.Owner, HttpMethod.Post, Plans, plan, HttpStatusCode.Created);

        Assert.False(created.GetProperty("complete").GetBoolean());
        Assert.Equal([missing], created.GetProperty("missing").EnumerateArray().Select(m => m.GetString()));
    }

    [Fact]
    public async Task A_plan_whose_metrics_have_no_threshold_misses_alerting()
    {
        var model = await factory.RegisterModelAsync(_people.Org);
        var plan = Plan(model);
        plan["metrics"] = new JsonArray(Json(new { metric = "toxicity_rate" }));

        var created = await SendRawAsync(_people.Owner, HttpMethod.Post, Plans, plan, HttpStatusCode.Created);

        Assert.False(created.GetProperty("complete").GetBoolean());
        Assert.Contains("alerting: a threshold and an alert route", created.GetProperty("missing").EnumerateArray().Select(m => m.GetString()));
    }

    public static TheoryData<string, string, string, string> InvalidPlans => new()
    {
        { "no name", "name", "null", "name" },
        { "cron of words", "schedule", "\"every hour\"", "schedule" },
        { "cron of six fields", "schedule", "\"0 0 * * * *\"", "schedule" },
        { "cron minute 61", "schedule", "\"61 * * * *\"", "schedule" },
        { "no schedule", "schedule", "null", "schedule" },
        { "window under a minute", "window", "\"30s\"", "window" },
        { "window over 90 days", "window", "\"91d\"", "window" },
        { "window without unit", "window", "\"60\"", "window" },
        { "no window", "window", "null", "window" },
        { "no metrics", "metrics", "[]", "metrics" },
        { "metric name with capitals", "metrics", """[{"metric":"Toxicity","warning":1}]""", "metrics[0].metric" },
        { "drift without a reference", "metrics", """[{"metric":"psi","column":"income","warning":0.1}]""", "metrics[0].metric" },
        { "fairness without a group column", "metrics", """[{"metric":"demographic_parity_difference","warning":0.1}]""", "metrics[0].metric" },
        { "per-column drift without a column", "metrics", """[{"metric":"ks_statistic","warning":0.1}]""", "metrics[0].column" },
        { "per-column quality without a column", "metrics", """[{"metric":"missing_rate","warning":0.1}]""", "metrics[0].column" },
        { "a column on a whole-model metric", "metrics", """[{"metric":"roc_auc","column":"income","warning":0.7}]""", "metrics[0].column" },
        { "a computed metric of another kind", "metrics", """[{"metric":"roc_auc","kind":"Drift","warning":0.7}]""", "metrics[0].kind" },
        { "a pushed metric of a computed kind", "metrics", """[{"metric":"toxicity_rate","kind":"Performance","warning":0.1}]""", "metrics[0].kind" },
        { "critical below warning, higher is worse", "metrics", """[{"metric":"toxicity_rate","warning":0.05,"critical":0.02}]""", "metrics[0].critical" },
        { "critical above warning, lower is worse (default)", "metrics", """[{"metric":"roc_auc","warning":0.7,"critical":0.75}]""", "metrics[0].critical" },
        { "critical above warning, lower is worse (explicit)", "metrics", """[{"metric":"uptime","direction":"Below","warning":0.99,"critical":0.995}]""", "metrics[0].critical" },
        { "out of range without bounds", "metrics", """[{"metric":"out_of_range_rate","column":"age","warning":0.1}]""", "metrics[0].min" },
        { "out of range with min above max", "metrics", """[{"metric":"out_of_range_rate","column":"age","min":90,"max":18,"warning":0.1}]""", "metrics[0].max" },
        { "out of range with min equal to max", "metrics", """[{"metric":"out_of_range_rate","column":"age","min":18,"max":18,"warning":0.1}]""", "metrics[0].max" },
        { "a warning past the largest double", "metrics", """[{"metric":"toxicity_rate","warning":1e400}]""", "metrics[0].warning" },
        { "a critical below the smallest double", "metrics", """[{"metric":"roc_auc","critical":-1e400}]""", "metrics[0].critical" },
        { "a NaN warning", "metrics", """[{"metric":"toxicity_rate","warning":"NaN"}]""", "metrics[0].warning" },
        { "an infinite max", "metrics", """[{"metric":"out_of_range_rate","column":"age","min":0,"max":"Infinity","warning":0.1}]""", "metrics[0].max" },
        { "bounds on another metric", "metrics", """[{"metric":"toxicity_rate","min":0,"warning":0.1}]""", "metrics[0].min" },
        { "the same metric twice", "metrics", """[{"metric":"toxicity_rate","warning":0.1},{"metric":"toxicity_rate","critical":0.2}]""", "metrics[1]" },
        { "the same metric and column twice", "metrics", """[{"metric":"missing_rate","column":"age","warning":0.1},{"metric":"missing_rate","column":"age","warning":0.2}]""", "metrics[1]" },
        { "a route that is not http", "alertRoutes", """["ftp://hooks.test/x"]""", "alertRoutes[0]" },
        { "a relative route", "alertRoutes", """["/hooks/x"]""", "alertRoutes[0]" },
        { "a route twice", "alertRoutes", """["https://hooks.test/x","https://hooks.test/x"]""", "alertRoutes" },
        { "eleven routes", "alertRoutes", "[" + string.Join(',', Enumerable.Range(0, 11).Select(i => $"\"https://hooks.test/{i}\"")) + "]", "alertRoutes" },
        { "a javascript runbook", "runbookUrl", "\"javascript:alert(1)\"", "runbookUrl" },
        { "a dashboard that is no URL", "dashboardUrl", "\"grafana\"", "dashboardUrl" },
        { "zero consecutive breaches", "consecutiveBreaches", "0", "consecutiveBreaches" },
        { "a reference id with spaces", "referenceDatasetId", "\"my dataset\"", "referenceDatasetId" },
        { "retraining on an unwatched metric", "retraining", """{"onSeverity":"Critical","metrics":["psi"],"webhookUrl":"https://ci.test/retrain"}""", "retraining.metrics[0]" },
        { "retraining without a severity", "retraining", """{"webhookUrl":"https://ci.test/retrain"}""", "retraining.onSeverity" },
        { "retraining on severity None", "retraining", """{"onSeverity":"None","webhookUrl":"https://ci.test/retrain"}""", "retraining.onSeverity" },
        { "retraining without a webhook", "retraining", """{"onSeverity":"Warning"}""", "retraining.webhookUrl" },
    };

    [Theory]
    [MemberData(nameof(InvalidPlans))]
    public async Task Each_rule_refuses_the_plan_naming_the_field_and_stores_nothing(string why, string field, string json, string errorKey)
    {
        var model = await factory.RegisterModelAsync(_people.Org);
        var plan = Plan(model);
        plan[field] = JsonNode.Parse(json);

        var problem = await SendRawAsync(_people.Owner, HttpMethod.Post, Plans, plan, HttpStatusCode.BadRequest);

        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty(errorKey, out var messages), $"{why}: no error for {errorKey} in {errors}");
        Assert.Contains(messages.EnumerateArray(), m => !string.IsNullOrWhiteSpace(m.GetString()));
        Assert.Equal(0, await factory.QueryAsync(db => db.Plans.CountAsync(p => p.ModelId == model)));

        // The same rule holds for a change of an existing plan, which stays as it was.
        var other = await factory.RegisterModelAsync(_people.Org);
        var existing = await Flow.CreatePlanAsync(_people.Owner, MonitoringFlow.PushedPlan(other));
        var change = Plan(other);
        change.Remove("modelId");
        change[field] = JsonNode.Parse(json);
        var refused = await SendRawAsync(_people.Owner, HttpMethod.Put, $"{Plans}/{MonitoringFlow.Id(existing)}", change, HttpStatusCode.BadRequest,
            MonitoringFlow.ETag(existing));
        Assert.True(refused.GetProperty("errors").TryGetProperty(errorKey, out _), $"{why} on update: {refused}");
        Assert.Equal(existing.GetProperty("revision").GetInt64(), await factory.QueryAsync(db => db.Plans.Where(p => p.Id == MonitoringFlow.Id(existing)).Select(p => p.Revision).SingleAsync()));
    }

    [Fact]
    public async Task The_valid_counterparts_of_the_rules_are_accepted()
    {
        var model = await factory.RegisterModelAsync(_people.Org);
        var dataset = await StoreCsvAsync(_people.Org);
        var plan = Plan(model);
        plan["referenceDatasetId"] = dataset;
        plan["groupColumn"] = "region";
        plan["metrics"] = JsonNode.Parse("""
            [{"metric":"psi","column":"income","warning":0.1,"critical":0.25},
             {"metric":"psi","column":"age","warning":0.1},
             {"metric":"roc_auc","warning":0.75,"critical":0.7},
             {"metric":"out_of_range_rate","column":"age","min":18,"max":100,"warning":0.01},
             {"metric":"demographic_parity_difference","warning":0.1},
             {"metric":"volume","direction":"Below","warning":100,"critical":10},
             {"metric":"latency_p99_ms","kind":"Operational","warning":250,"critical":500}]
            """);
        plan["retraining"] = Json(new { onSeverity = "Critical", metrics = new[] { "psi", "roc_auc" }, webhookUrl = "https://ci.test/retrain" });
        plan["window"] = "7d";
        plan["schedule"] = "*/15 * * * *";

        var created = await SendRawAsync(_people.Owner, HttpMethod.Post, Plans, plan, HttpStatusCode.Created);

        var metrics = created.GetProperty("metrics").EnumerateArray().ToList();
        Assert.Equal(7, metrics.Count);
        Assert.Equal(["Drift", "Drift", "Performance", "DataQuality", "Fairness", "Operational", "Operational"], metrics.Select(m => m.GetProperty("kind").GetString()));
        Assert.Equal("Below", metrics[2].GetProperty("direction").GetString());
        Assert.Equal("7d", created.GetProperty("window").GetString());
        Assert.Equal("Critical", created.GetProperty("retraining").GetProperty("onLevel").GetString());
    }

    [Fact]
    public async Task Plans_are_listed_by_model_and_status_with_keyset_paging_and_only_in_the_callers_orgs()
    {
        var people = People.InNewOrg("page");
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var model = await factory.RegisterModelAsync(people.Org);
            ids.Add(MonitoringFlow.Id(await Flow.CreatePlanAsync(people.Owner, MonitoringFlow.PushedPlan(model))));
        }
        var retired = await Flow.SendAsync(people.Owner, HttpMethod.Get, $"{Plans}/{ids[4]}");
        await Flow.SendAsync(people.Owner, HttpMethod.Delete, $"{Plans}/{ids[4]}", ifMatch: MonitoringFlow.ETag(retired));

        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await Flow.SendAsync(people.Owner, HttpMethod.Get, $"{Plans}?status=Active&limit=2{(cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}")}");
            var items = page.GetProperty("items").EnumerateArray().ToList();
            Assert.True(items.Count <= 2);
            Assert.All(items, p => Assert.Equal(people.Org, p.GetProperty("org").GetString()));
            seen.AddRange(items.Select(MonitoringFlow.Id));
            cursor = page.GetProperty("nextCursor").GetString();
            pages++;
        }
        while (cursor is not null && pages < 10);
        Assert.Equal(ids.Take(4).Order(), seen.Order());
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.True(pages >= 2);

        var byModel = await Flow.SendAsync(people.Owner, HttpMethod.Get, $"{Plans}?modelId={retired.GetProperty("modelId").GetString()}");
        Assert.Equal([ids[4]], byModel.GetProperty("items").EnumerateArray().Select(MonitoringFlow.Id));
        var retiredOnly = await Flow.SendAsync(people.Owner, HttpMethod.Get, $"{Plans}?status=Retired");
        Assert.Equal([ids[4]], retiredOnly.GetProperty("items").EnumerateArray().Select(MonitoringFlow.Id));
        var otherOrg = await Flow.SendAsync(People.OtherOrgOwner, HttpMethod.Get, Plans);
        Assert.DoesNotContain(otherOrg.GetProperty("items").EnumerateArray(), p => p.GetProperty("org").GetString() == people.Org);

        await Flow.SendAsync(people.Owner, HttpMethod.Get, $"{Plans}?limit=0", expected: HttpStatusCode.BadRequest);
        await Flow.SendAsync(people.Owner, HttpMethod.Get, $"{Plans}?cursor=not-a-cursor", expected: HttpStatusCode.BadRequest);
        await Flow.SendAsync(people.Owner, HttpMethod.Get, $"{Plans}?status=Paused", expected: HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_change_needs_the_current_ETag_and_keeps_the_model()
    {
        var model = await factory.RegisterModelAsync(_people.Org);
        var created = await Flow.CreatePlanAsync(_people.Owner, MonitoringFlow.PushedPlan(model));
        var path = $"{Plans}/{MonitoringFlow.Id(created)}";
        var change = Plan(model);
        change.Remove("modelId");
        change["window"] = "1d";
        change["name"] = "GenAI safety, daily";

        await SendRawAsync(_people.Owner, HttpMethod.Put, path, change, HttpStatusCode.PreconditionRequired);
        await SendRawAsync(_people.Owner, HttpMethod.Put, path, change, HttpStatusCode.PreconditionFailed, "\"999\"");
        var changed = await SendRawAsync(_people.Owner, HttpMethod.Put, path, change, HttpStatusCode.OK, MonitoringFlow.ETag(created));

        Assert.Equal(("1d", "GenAI safety, daily", model), (changed.GetProperty("window").GetString(), changed.GetProperty("name").GetString(),
            changed.GetProperty("modelId").GetString()));
        Assert.True(changed.GetProperty("revision").GetInt64() > created.GetProperty("revision").GetInt64());
        // The ETag read before the change is stale now.
        await SendRawAsync(_people.Owner, HttpMethod.Put, path, change, HttpStatusCode.PreconditionFailed, MonitoringFlow.ETag(created));
        await Flow.SendAsync(_people.Owner, HttpMethod.Delete, path, expected: HttpStatusCode.PreconditionRequired);
        await Flow.SendAsync(_people.Owner, HttpMethod.Delete, path, expected: HttpStatusCode.PreconditionFailed, ifMatch: MonitoringFlow.ETag(created));
    }

    [Fact]
    public async Task A_retired_plan_stays_readable_cannot_change_and_frees_the_model_for_a_new_plan()
    {
        var model = await factory.RegisterModelAsync(_people.Org);
        var created = await Flow.CreatePlanAsync(_people.Owner, MonitoringFlow.PushedPlan(model));
        var path = $"{Plans}/{MonitoringFlow.Id(created)}";

        var duplicate = await Flow.CreatePlanAsync(_people.Owner, MonitoringFlow.PushedPlan(model), HttpStatusCode.Conflict);
        Assert.Equal(MonitoringFlow.Id(created), duplicate.GetProperty("planId").GetString());

        var retired = await Flow.SendAsync(_people.Owner, HttpMethod.Delete, path, ifMatch: MonitoringFlow.ETag(created));
        Assert.Equal("Retired", retired.GetProperty("status").GetString());
        Assert.Equal("Retired", (await Flow.SendAsync(_people.Owner, HttpMethod.Get, path)).GetProperty("status").GetString());
        await Flow.SendAsync(_people.Owner, HttpMethod.Delete, path, expected: HttpStatusCode.Conflict, ifMatch: MonitoringFlow.ETag(retired));
        var change = Plan(model);
        change.Remove("modelId");
        await SendRawAsync(_people.Owner, HttpMethod.Put, path, change, HttpStatusCode.Conflict, MonitoringFlow.ETag(retired));

        await Flow.CreatePlanAsync(_people.Owner, MonitoringFlow.PushedPlan(model));
    }

    [Fact]
    public async Task One_active_plan_per_model_and_version_and_a_change_cannot_take_another_plans_version()
    {
        var model = await factory.RegisterModelAsync(_people.Org);
        var v1 = Plan(model);
        v1["modelVersionId"] = "v1";
        var v2 = Plan(model);
        v2["modelVersionId"] = "v2";

        var first = await SendRawAsync(_people.Owner, HttpMethod.Post, Plans, v1, HttpStatusCode.Created);
        var second = await SendRawAsync(_people.Owner, HttpMethod.Post, Plans, v2, HttpStatusCode.Created);
        await Flow.CreatePlanAsync(_people.Owner, MonitoringFlow.PushedPlan(model));
        var conflict = await SendRawAsync(_people.Owner, HttpMethod.Post, Plans, v1, HttpStatusCode.Conflict);
        Assert.Equal(MonitoringFlow.Id(first), conflict.GetProperty("planId").GetString());

        var change = v1.DeepClone().AsObject();
        change.Remove("modelId");
        var taken = await SendRawAsync(_people.Owner, HttpMethod.Put, $"{Plans}/{MonitoringFlow.Id(second)}", change, HttpStatusCode.Conflict,
            MonitoringFlow.ETag(second));
        Assert.Equal(MonitoringFlow.Id(first), taken.GetProperty("planId").GetString());
        Assert.Equal(3, await factory.QueryAsync(db => db.Plans.CountAsync(p => p.ModelId == model)));
    }

    [Fact]
    public async Task Only_the_models_org_or_a_cross_org_role_writes_its_plans()
    {
        var model = await factory.RegisterModelAsync(_people.Org);

        await Flow.CreatePlanAsync(People.OtherOrgOwner, MonitoringFlow.PushedPlan(model), HttpStatusCode.NotFound);
        await Flow.CreatePlanAsync(People.Auditor, MonitoringFlow.PushedPlan(model), HttpStatusCode.Forbidden);
        await Flow.CreatePlanAsync(_people.Owner, MonitoringFlow.PushedPlan("no-such-model"), HttpStatusCode.NotFound);
        var byAnalyst = await Flow.CreatePlanAsync(People.Analyst, MonitoringFlow.PushedPlan(model));

        Assert.Equal(_people.Org, byAnalyst.GetProperty("org").GetString());
        await Flow.SendAsync(People.OtherOrgOwner, HttpMethod.Get, $"{Plans}/{MonitoringFlow.Id(byAnalyst)}", expected: HttpStatusCode.NotFound);
        await Flow.SendAsync(People.Auditor, HttpMethod.Get, $"{Plans}/{MonitoringFlow.Id(byAnalyst)}");
    }

    [Fact]
    public async Task A_reference_dataset_in_the_store_is_resolved_as_CSV_or_Parquet_and_a_missing_one_is_404()
    {
        var csv = await StoreCsvAsync(_people.Org);
        var parquet = await StoreParquetAsync(_people.Org);

        foreach (var (dataset, format) in new[] { (csv, "Csv"), (parquet, "Parquet") })
        {
            var model = await factory.RegisterModelAsync(_people.Org);
            var plan = Plan(model);
            plan["referenceDatasetId"] = dataset;
            plan["metrics"] = JsonNode.Parse("""[{"metric":"psi","column":"income","warning":0.1,"critical":0.25}]""");

            var created = await SendRawAsync(_people.Owner, HttpMethod.Post, Plans, plan, HttpStatusCode.Created);

            Assert.Equal(dataset, created.GetProperty("referenceDatasetId").GetString());
            var stored = await factory.QueryAsync(db => db.Plans.AsNoTracking().SingleAsync(p => p.Id == MonitoringFlow.Id(created)));
            Assert.Equal(($"datasets/{_people.Org}/{dataset}", format), (stored.ReferenceKey, stored.ReferenceFormat));
        }

        var missing = await factory.RegisterModelAsync(_people.Org);
        var withMissing = Plan(missing);
        withMissing["referenceDatasetId"] = "ds-" + Guid.NewGuid().ToString("N")[..12];
        withMissing["metrics"] = JsonNode.Parse("""[{"metric":"ks_statistic","column":"income","warning":0.1}]""");
        await SendRawAsync(_people.Owner, HttpMethod.Post, Plans, withMissing, HttpStatusCode.NotFound);

        // Another org's dataset is not found either: the key is the plan's org's.
        var otherOrgs = People.InNewOrg("refs");
        var elsewhere = await StoreCsvAsync(otherOrgs.Org);
        withMissing["referenceDatasetId"] = elsewhere;
        await SendRawAsync(_people.Owner, HttpMethod.Post, Plans, withMissing, HttpStatusCode.NotFound);
        Assert.Equal(0, await factory.QueryAsync(db => db.Plans.CountAsync(p => p.ModelId == missing)));
    }

    private async Task<string> StoreCsvAsync(string org)
    {
        var id = "ds-" + Guid.NewGuid().ToString("N")[..12];
        var storage = factory.Services.GetRequiredService<IDatasetStorage>();
        var csv = "income,age,region,score,label\n52000,41,north,0.31,0\n61000,35,south,0.77,1\n48000,29,east,0.12,0\n"u8.ToArray();
        var write = await storage.WriteAsync($"datasets/{org}/{id}", new MemoryStream(csv), 1 << 20, CancellationToken.None);
        Assert.True(write.Stored is not null, $"the store refused the CSV: {write.Rejection}");
        return id;
    }

    private async Task<string> StoreParquetAsync(string org)
    {
        var id = "ds-" + Guid.NewGuid().ToString("N")[..12];
        var income = new DataField<double>("income");
        var age = new DataField<double>("age");
        var bytes = new MemoryStream();
        await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema(income, age), bytes))
        {
            using var group = writer.CreateRowGroup();
            await group.WriteAsync(income, new ReadOnlyMemory<double>([52000, 61000, 48000]));
            await group.WriteAsync(age, new ReadOnlyMemory<double>([41, 35, 29]));
        }
        var storage = factory.Services.GetRequiredService<IDatasetStorage>();
        var write = await storage.WriteAsync($"datasets/{org}/{id}", new MemoryStream(bytes.ToArray()), 1 << 20, CancellationToken.None);
        Assert.True(write.Stored is not null, $"the store refused the Parquet file: {write.Rejection}");
        return id;
    }

    [Fact]
    public async Task Concurrent_creates_for_one_model_and_version_leave_one_active_plan_and_refuse_the_others()
    {
        var model = await factory.RegisterModelAsync(_people.Org);

        var statuses = await Task.WhenAll(Enumerable.Range(0, 6).Select(async _ =>
        {
            using var client = factory.As(_people.Owner);
            using var response = await client.PostAsJsonAsync("/api/monitoring/plans", MonitoringFlow.PushedPlan(model));
            return response.StatusCode;
        }));

        Assert.Single(statuses, s => s == HttpStatusCode.Created);
        Assert.All(statuses.Where(s => s != HttpStatusCode.Created), s => Assert.Equal(HttpStatusCode.Conflict, s));
        Assert.Equal(1, await factory.QueryAsync(db => db.Plans.CountAsync(p => p.ModelId == model && p.Status == Models.Plans.PlanStatus.Active)));
    }
}
