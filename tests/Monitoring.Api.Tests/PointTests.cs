using System.Diagnostics.Metrics;
using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModelRisk.Monitoring.Features.Points;
using ModelRisk.Monitoring.Tests.Infrastructure;
using ModelRisk.TestSupport;

namespace ModelRisk.Monitoring.Tests;

/// <summary>Pushed metric points: idempotent batches checked whole, series read back raw and downsampled, and the Prometheus gauge of watched series.</summary>
public sealed class PointTests(MonitoringFactory factory) : IClassFixture<MonitoringFactory>
{
    private const string Series = "/api/monitoring/series";
    private readonly People _people = People.InNewOrg("pts");
    private readonly DateTimeOffset _t0 = new DateTimeOffset(DateTimeOffset.UtcNow.Date, TimeSpan.Zero).AddDays(-2);

    private MonitoringFlow Flow => new(factory);

    private Task<int> StoredAsync(string model) => factory.QueryAsync(db => db.Points.CountAsync(p => p.ModelId == model));

    private static string Q(DateTimeOffset at) => Uri.EscapeDataString(at.ToString("O"));

    [Fact]
    public async Task A_resent_batch_is_counted_as_duplicates_and_stores_nothing_twice()
    {
        var model = await factory.RegisterModelAsync(_people.Org);
        object[] batch =
        [
            MonitoringFlow.Point("latency_ms", 120, _t0),
            MonitoringFlow.Point("latency_ms", 130, _t0.AddMinutes(1)),
            MonitoringFlow.Point("latency_ms", 125, _t0, new { region = "eu" }),
        ];

        var first = await Flow.PushAsync(_people.Pipeline, model, batch);
        var again = await Flow.PushAsync(_people.Pipeline, model, batch);
        var overlapping = await Flow.PushAsync(_people.Owner, model, [batch[0], MonitoringFlow.Point("latency_ms", 140, _t0.AddMinutes(2))]);

        Assert.Equal((3, 0), (first.GetProperty("accepted").GetInt32(), first.GetProperty("duplicates").GetInt32()));
        Assert.Equal((0, 3), (again.GetProperty("accepted").GetInt32(), again.GetProperty("duplicates").GetInt32()));
        Assert.Equal((1, 1), (overlapping.GetProperty("accepted").GetInt32(), overlapping.GetProperty("duplicates").GetInt32()));
        Assert.Equal(4, await StoredAsync(model));
    }

    [Fact]
    public async Task A_point_stored_with_another_value_refuses_the_whole_batch_naming_it()
    {
        var model = await factory.RegisterModelAsync(_people.Org);
        await Flow.PushAsync(_people.Pipeline, model, [MonitoringFlow.Point("latency_ms", 120, _t0, new { region = "eu" })]);

        var problem = await Flow.PushAsync(_people.Pipeline, model,
        [
            MonitoringFlow.Point("latency_ms", 90, _t0.AddMinutes(5)),
            MonitoringFlow.Point("latency_ms", 121, _t0, new { region = "eu" }),
            MonitoringFlow.Point("latency_ms", 95, _t0.AddMinutes(6)),
        ], HttpStatusCode.Conflict);

        Assert.Contains("nothing was written", problem.GetProperty("detail").GetString());
        Assert.True(problem.TryGetProperty("points[1]", out _), problem.ToString());
        Assert.False(problem.TryGetProperty("points[0]", out _));
        Assert.Equal(1, await StoredAsync(model));
        var stored = await factory.QueryAsync(db => db.Points.SingleAsync(p => p.ModelId == model));
        Assert.Equal(120, stored.Value);
    }

    [Fact]
    public async Task A_bad_point_refuses_the_batch_with_a_report_per_item_and_writes_nothing()
    {
        var model = await factory.RegisterModelAsync(_people.Org);
        var points = Enumerable.Range(0, 6).Select(i => (object)MonitoringFlow.Point("latency_ms", 100 + i, _t0.AddMinutes(i))).ToArray();
        points[3] = new { metric = "latency_ms", timestamp = _t0.AddMinutes(3) };
        points[4] = new { metric = "Latency-MS", value = 1.0, timestamp = _t0.AddMinutes(4) };
        points[5] = new { metric = "latency_ms", value = 1.0 };

        var problem = await Flow.PushAsync(_people.Pipeline, model, points, HttpStatusCode.BadRequest);

        var errors = problem.GetProperty("errors");
        Assert.Equal(["points[3].value", "points[4].metric", "points[5].timestamp"], errors.EnumerateObject().Select(e => e.Name).Order());
        Assert.Equal(0, await StoredAsync(model));
    }

    [Theory]
    [InlineData("1e400")]
    [InlineData("-1e400")]
    [InlineData("\"NaN\"")]
    [InlineData("\"Infinity\"")]
    public async Task A_value_that_is_not_a_finite_number_is_refused_not_stored_or_a_500(string value)
    {
        var model = await factory.RegisterModelAsync(_people.Org);
        var point = JsonDocument.Parse($$"""{"metric":"latency_ms","value":{{value}},"timestamp":"{{_t0:O}}"}""").RootElement;

        var problem = await Flow.PushAsync(_people.Pipeline, model, [MonitoringFlow.Point("latency_ms", 1, _t0.AddMinutes(1)), point], HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty("points[1].value", out _), problem.ToString());
        Assert.Equal(0, await StoredAsync(model));
    }

    public static TheoryData<string, string, string> InvalidPoints => new()
    {
        { "nine labels", """{"a":"1","b":"1","c":"1","d":"1","e":"1","f":"1","g":"1","h":"1","i":"1"}""", "points[0].labels" },
        { "a label name with capitals", """{"Region":"eu"}""", "points[0].labels.Region" },
        { "a label name starting with a digit", """{"1region":"eu"}""", "points[0].labels.1region" },
        { "an empty label value", """{"region":""}""", "points[0].labels.region" },
        { "a label value over 100 characters", "{\"region\":\"" + new string('e', 101) + "\"}", "points[0].labels.region" },
        { "a label value with a line break", """{"region":"e\nu"}""", "points[0].labels.region" },
        {
            "eight long labels together past the series key", "{" + string.Join(',', Enumerable.Range(0, 8).Select(i => $"\"label_{i}_{new string('k', 30)}\":\"{new string(',', 100)}\"")) + "}",
            "points[0].labels"
        },
    };

    [Theory]
    [MemberData(nameof(InvalidPoints))]
    public async Task Label_rules_name_the_label(string why, string labels, string errorKey)
    {
        var model = await factory.RegisterModelAsync(_people.Org);
        var point = new { metric = "latency_ms", value = 1.0, timestamp = _t0, labels = JsonDocument.Parse(labels).RootElement };

        var problem = await Flow.PushAsync(_people.Pipeline, model, [point], HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty(errorKey, out _), $"{why}: {problem}");
        Assert.Equal(0, await StoredAsync(model));
    }

    [Fact]
    public async Task Eight_labels_and_the_timestamp_bounds_are_accepted_and_beyond_them_refused()
    {
        var model = await factory.RegisterModelAsync(_people.Org);
        var eight = Enumerable.Range(0, 8).ToDictionary(i => $"l{i}", i => $"v{i}");
        await Flow.PushAsync(_people.Pipeline, model, [MonitoringFlow.Point("latency_ms", 1, _t0, eight)]);
        await Flow.PushAsync(_people.Pipeline, model, [MonitoringFlow.Point("latency_ms", 1, new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero))]);
        await Flow.PushAsync(_people.Pipeline, model, [MonitoringFlow.Point("latency_ms", 1, DateTimeOffset.UtcNow.AddMinutes(4))]);

        foreach (var at in new[] { new DateTimeOffset(1999, 12, 31, 23, 59, 59, TimeSpan.Zero), DateTimeOffset.UtcNow.AddMinutes(10) })
        {
            var problem = await Flow.PushAsync(_people.Pipeline, model, [MonitoringFlow.Point("latency_ms", 2, at)], HttpStatusCode.BadRequest);
            Assert.True(problem.GetProperty("errors").TryGetProperty("points[0].timestamp", out _), problem.ToString());
        }
        Assert.Equal(3, await StoredAsync(model));
    }

    [Fact]
    public async Task A_batch_is_at_most_ten_thousand_points()
    {
        var model = await factory.RegisterModelAsync(_people.Org);
        var tooMany = Enumerable.Range(0, PointEndpoints.MaxBatch + 1).Select(i => MonitoringFlow.Point("latency_ms", i, _t0.AddSeconds(i))).ToArray();
        var problem = await Flow.PushAsync(_people.Pipeline, model, tooMany, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("points", out _));
        var empty = await Flow.PushAsync(_people.Pipeline, model, [], HttpStatusCode.BadRequest);
        Assert.True(empty.GetProperty("errors").TryGetProperty("points", out _));
        Assert.Equal(0, await StoredAsync(model));

        var full = await Flow.PushAsync(_people.Pipeline, model, tooMany[..PointEndpoints.MaxBatch]);
        Assert.Equal(PointEndpoints.MaxBatch, full.GetProperty("accepted").GetInt32());
    }

    [Fact]
    public void A_full_batch_with_labels_fits_the_body_limit_of_the_points_route()
    {
        var route = EndpointCatalog.Routes(factory.Services).Single(r => r.Key == "POST /api/monitoring/points");
        // Kestrel's limit for the route: its own, else the service's default (TestServer enforces neither, so this reads the setting).
        var limit = route.Endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IRequestSizeLimitMetadata>()?.MaxRequestBodySize
            ?? MonitoringModule.MaxRequestBodyBytes;
        var batch = new
        {
            modelId = Guid.CreateVersion7().ToString("N"),
            points = Enumerable.Range(0, PointEndpoints.MaxBatch).Select(i => MonitoringFlow.Point("latency_p99_ms", 1234.5678 + i, _t0.AddSeconds(i),
                new { column = "income_bucket", segment = "eu-west-1", channel = "mobile-app", region = "north" })),
        };

        var size = JsonSerializer.SerializeToUtf8Bytes(batch, JsonSerializerOptions.Web).Length;

        Assert.True(size <= limit, $"a batch of {PointEndpoints.MaxBatch} points with four labels is {size} bytes; the route takes {limit}");
    }

    [Fact]
    public async Task Only_the_models_own_pipeline_and_owners_push_points()
    {
        var model = await factory.RegisterModelAsync(_people.Org);
        object[] batch = [MonitoringFlow.Point("latency_ms", 1, _t0)];

        await Flow.PushAsync(_people.Pipeline, "no-such-model", batch, HttpStatusCode.NotFound);
        await Flow.PushAsync(People.OtherOrgOwner, model, batch, HttpStatusCode.NotFound);
        await Flow.PushAsync(People.Auditor, model, batch, HttpStatusCode.Forbidden);
        await Flow.PushAsync(People.Analyst, model, batch, HttpStatusCode.Forbidden);
        Assert.Equal(0, await StoredAsync(model));
    }

    [Fact]
    public async Task A_series_reads_back_raw_and_downsampled_with_each_aggregate()
    {
        var model = await factory.RegisterModelAsync(_people.Org);
        // Ten points a minute apart, values 1..10, and one at the end of the range (excluded: the range is half-open).
        await Flow.PushAsync(_people.Pipeline, model,
            [.. Enumerable.Range(0, 10).Select(i => MonitoringFlow.Point("latency_ms", i + 1, _t0.AddMinutes(i))), MonitoringFlow.Point("latency_ms", 99, _t0.AddMinutes(10))]);
        var range = $"modelId={model}&metric=latency_ms&from={Q(_t0)}&to={Q(_t0.AddMinutes(10))}";

        var raw = Assert.Single((await Flow.SendAsync(_people.Owner, HttpMethod.Get, $"{Series}?{range}")).GetProperty("series").EnumerateArray());
        Assert.Equal(Enumerable.Range(1, 10).Select(i => (double)i), raw.GetProperty("points").EnumerateArray().Select(p => p.GetProperty("value").GetDouble()));
        Assert.Equal(_t0.AddMinutes(9), raw.GetProperty("points")[9].GetProperty("timestamp").GetDateTimeOffset());

        // Buckets of 5 minutes from 'from': [1..5] and [6..10].
        var expected = new Dictionary<string, double[]>
        {
            ["avg"] = [3, 8], ["min"] = [1, 6], ["max"] = [5, 10], ["sum"] = [15, 40], ["count"] = [5, 5],
        };
        foreach (var (aggregate, values) in expected)
        {
            var response = await Flow.SendAsync(_people.Owner, HttpMethod.Get, $"{Series}?{range}&step=5m&aggregate={aggregate}");
            Assert.Equal(aggregate, response.GetProperty("aggregate").GetString());
            var buckets = Assert.Single(response.GetProperty("series").EnumerateArray()).GetProperty("points").EnumerateArray().ToList();
            Assert.Equal(values, buckets.Select(b => b.GetProperty("value").GetDouble()));
            Assert.Equal([_t0, _t0.AddMinutes(5)], buckets.Select(b => b.GetProperty("timestamp").GetDateTimeOffset()));
            Assert.Equal([1.0, 6.0], buckets.Select(b => b.GetProperty("min").GetDouble()));
            Assert.Equal([5.0, 10.0], buckets.Select(b => b.GetProperty("max").GetDouble()));
            Assert.Equal([5, 5], buckets.Select(b => b.GetProperty("count").GetInt32()));
        }

        // A step that does not divide the range: buckets of 3 minutes hold [1,2,3] [4,5,6] [7,8,9] [10].
        var threes = Assert.Single((await Flow.SendAsync(_people.Owner, HttpMethod.Get, $"{Series}?{range}&step=3m")).GetProperty("series").EnumerateArray());
        Assert.Equal([2.0, 5.0, 8.0, 10.0], threes.GetProperty("points").EnumerateArray().Select(b => b.GetProperty("value").GetDouble()));
    }

    [Fact]
    public async Task A_label_filter_picks_the_series_and_each_series_carries_its_labels()
    {
        var model = await factory.RegisterModelAsync(_people.Org);
        await Flow.PushAsync(_people.Pipeline, model,
        [
            MonitoringFlow.Point("missing_share", 0.1, _t0, new { column = "income", segment = "eu" }),
            MonitoringFlow.Point("missing_share", 0.2, _t0, new { column = "income", segment = "us" }),
            MonitoringFlow.Point("missing_share", 0.3, _t0, new { column = "age", segment = "eu" }),
            MonitoringFlow.Point("missing_share", 0.4, _t0.AddMinutes(1), new { column = "income", segment = "eu" }),
        ]);
        var range = $"modelId={model}&metric=missing_share&from={Q(_t0)}&to={Q(_t0.AddHours(1))}";

        var all = (await Flow.SendAsync(_people.Owner, HttpMethod.Get, $"{Series}?{range}")).GetProperty("series").EnumerateArray().ToList();
        Assert.Equal(3, all.Count);
        var income = (await Flow.SendAsync(_people.Owner, HttpMethod.Get, $"{Series}?{range}&labels=column=income")).GetProperty("series").EnumerateArray().ToList();
        Assert.Equal(["eu", "us"], income.Select(s => s.GetProperty("labels").GetProperty("segment").GetString()).Order());
        var one = Assert.Single((await Flow.SendAsync(_people.Owner, HttpMethod.Get, $"{Series}?{range}&labels=column=income,segment=eu")).GetProperty("series").EnumerateArray());
        Assert.Equal([0.1, 0.4], one.GetProperty("points").EnumerateArray().Select(p => p.GetProperty("value").GetDouble()));
        Assert.Empty((await Flow.SendAsync(_people.Owner, HttpMethod.Get, $"{Series}?{range}&labels=column=tenure")).GetProperty("series").EnumerateArray());
    }

    [Fact]
    public async Task A_label_filter_matches_whole_values_exactly_whatever_their_case_or_the_characters_in_them()
    {
        var model = await factory.RegisterModelAsync(_people.Org);
        await Flow.PushAsync(_people.Pipeline, model,
        [
            MonitoringFlow.Point("missing_share", 0.1, _t0, new { column = "income", segment = "eu" }),
            MonitoringFlow.Point("missing_share", 0.2, _t0, new { column = "income", segment = "EU" }),
            MonitoringFlow.Point("missing_share", 0.3, _t0, new { column = "income", segment = "eu-west" }),
            MonitoringFlow.Point("missing_share", 0.4, _t0, new { column = "income", segment = "a_b%[c]!" }),
            MonitoringFlow.Point("missing_share", 0.5, _t0, new { column = "income", segment = "aXb%[c]!" }),
            MonitoringFlow.Point("missing_share", 0.6, _t0, new { column = "eu", segment = "us" }),
            // A value holding what the canonical form escapes: ",segment=eu" inside it is not a pair of the label set.
            MonitoringFlow.Point("missing_share", 0.7, _t0, new { column = "x,segment=eu", region = "eu\\" }),
        ]);
        var range = $"modelId={model}&metric=missing_share&from={Q(_t0)}&to={Q(_t0.AddHours(1))}";

        async Task<double[]> ValuesAsync(string filter) =>
            [.. (await Flow.SendAsync(_people.Owner, HttpMethod.Get, $"{Series}?{range}&labels={Uri.EscapeDataString(filter)}")).GetProperty("series").EnumerateArray()
                .Select(series => Assert.Single(series.GetProperty("points").EnumerateArray()).GetProperty("value").GetDouble()).Order()];

        Assert.Equal(new[] { 0.1 }, await ValuesAsync("segment=eu"));
        Assert.Equal(new[] { 0.2 }, await ValuesAsync("segment=EU"));
        Assert.Equal(new[] { 0.4 }, await ValuesAsync("segment=a_b%[c]!"));
        Assert.Equal(new[] { 0.1, 0.2, 0.3, 0.4, 0.5 }, await ValuesAsync("column=income"));
        Assert.Equal(new[] { 0.6 }, await ValuesAsync("column=eu"));
        Assert.Empty(await ValuesAsync("region=eu"));
    }

    [Theory]
    [InlineData("step=1s", "step")]
    [InlineData("step=5x", "step")]
    [InlineData("step=0m", "step")]
    [InlineData("aggregate=median", "aggregate")]
    [InlineData("labels=Column=income", "labels")]
    [InlineData("labels=column", "labels")]
    [InlineData("metric=Latency", "metric")]
    public async Task A_bad_series_query_is_a_400_naming_the_parameter(string parameter, string errorKey)
    {
        var model = await factory.RegisterModelAsync(_people.Org);
        var query = $"modelId={model}&metric=latency_ms&{parameter}";
        var problem = await Flow.SendAsync(_people.Owner, HttpMethod.Get, $"{Series}?{query}", expected: HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(errorKey, out _), problem.ToString());
    }

    [Fact]
    public async Task A_range_ending_before_it_starts_is_refused_and_a_series_is_visible_only_in_the_models_orgs()
    {
        var model = await factory.RegisterModelAsync(_people.Org);
        await Flow.SendAsync(_people.Owner, HttpMethod.Get, $"{Series}?modelId={model}&metric=latency_ms&from={Q(_t0)}&to={Q(_t0.AddHours(-1))}",
            expected: HttpStatusCode.BadRequest);
        await Flow.SendAsync(People.OtherOrgOwner, HttpMethod.Get, $"{Series}?modelId={model}&metric=latency_ms", expected: HttpStatusCode.NotFound);
        await Flow.SendAsync(_people.Owner, HttpMethod.Get, $"{Series}?modelId=no-such-model&metric=latency_ms", expected: HttpStatusCode.NotFound);
        await Flow.SendAsync(People.Auditor, HttpMethod.Get, $"{Series}?modelId={model}&metric=latency_ms");
    }

    [Fact]
    public async Task The_gauge_exports_the_latest_value_of_watched_series_only_labelled_by_org_model_metric_and_column()
    {
        var model = await factory.RegisterModelAsync(_people.Org);
        await Flow.CreatePlanAsync(_people.Owner, MonitoringFlow.PushedPlan(model, metric: "toxicity_rate", warning: 0.5, critical: 0.9));
        await Flow.PushAsync(_people.Pipeline, model,
        [
            MonitoringFlow.Point("toxicity_rate", 0.011, _t0, new { column = "prompt", request_id = "r-1" }),
            MonitoringFlow.Point("toxicity_rate", 0.012, _t0.AddMinutes(1), new { column = "prompt", request_id = "r-2" }),
            MonitoringFlow.Point("unwatched_rate", 0.7, _t0),
        ]);

        var gauge = GaugeMeasurements.Of(factory).Where(m => m.Tags["org"] == _people.Org).ToList();

        var only = Assert.Single(gauge);
        Assert.Equal(0.012, only.Value);
        Assert.Equal(new Dictionary<string, string?> { ["org"] = _people.Org, ["model"] = model, ["metric"] = "toxicity_rate", ["column"] = "prompt" }, only.Tags);
    }
}

/// <summary>The gauge after a plan is retired: the model's series stop being exported unless another active plan of the model still watches them.</summary>
public sealed class GaugeRetirementTests(MonitoringFactory factory) : IClassFixture<MonitoringFactory>
{
    [Fact]
    public async Task Retiring_one_versions_plan_keeps_the_series_the_other_versions_plan_watches_and_retiring_both_stops_them()
    {
        var people = People.InNewOrg("ret");
        var flow = new MonitoringFlow(factory);
        var model = await factory.RegisterModelAsync(people.Org);
        var plans = new List<JsonElement>();
        foreach (var version in new[] { "v1", "v2" })
        {
            var plan = System.Text.Json.Nodes.JsonNode.Parse(JsonSerializer.Serialize(MonitoringFlow.PushedPlan(model, warning: 0.5, critical: 0.9), JsonSerializerOptions.Web))!;
            plan["modelVersionId"] = version;
            plans.Add(await flow.CreatePlanAsync(people.Owner, plan));
        }
        await flow.PushAsync(people.Pipeline, model, [MonitoringFlow.Point("toxicity_rate", 0.02, DateTimeOffset.UtcNow.AddMinutes(-5))]);
        Assert.Single(GaugeMeasurements.Of(factory), m => m.Tags["model"] == model);

        await flow.SendAsync(people.Owner, HttpMethod.Delete, $"/api/monitoring/plans/{MonitoringFlow.Id(plans[0])}", ifMatch: MonitoringFlow.ETag(plans[0]));
        Assert.Equal(0.02, Assert.Single(GaugeMeasurements.Of(factory), m => m.Tags["model"] == model).Value);

        await flow.SendAsync(people.Owner, HttpMethod.Delete, $"/api/monitoring/plans/{MonitoringFlow.Id(plans[1])}", ifMatch: MonitoringFlow.ETag(plans[1]));
        Assert.DoesNotContain(GaugeMeasurements.Of(factory), m => m.Tags["model"] == model);
    }
}

/// <summary>Reads the gauge <c>modelrisk.monitoring.metric.value</c> of one test host's meter, as the Prometheus exporter would on a scrape.</summary>
internal static class GaugeMeasurements
{
    public sealed record Measured(double Value, Dictionary<string, string?> Tags);

    public static List<Measured> Of(MonitoringFactory factory)
    {
        var scope = factory.Services.GetRequiredService<IMeterFactory>();
        _ = factory.Services.GetRequiredService<MonitoringMeter>();
        var measured = new List<Measured>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == MonitoringMeter.MeterName && ReferenceEquals(instrument.Meter.Scope, scope)
                    && instrument.Name == "modelrisk.monitoring.metric.value")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>((_, value, tags, _) =>
            measured.Add(new Measured(value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value?.ToString()))));
        listener.Start();
        listener.RecordObservableInstruments();
        return measured;
    }
}

/// <summary>A host whose gauge exports at most two series.</summary>
public sealed class BoundedGaugeHost : IAsyncLifetime
{
    public MonitoringFactory Factory { get; } = new() { Settings = { ["Monitoring:MaxExportedSeries"] = "2" } };

    public Task InitializeAsync() => ((IAsyncLifetime)Factory).InitializeAsync();

    public Task DisposeAsync() => ((IAsyncLifetime)Factory).DisposeAsync();
}

/// <summary>The gauge's bound on exported series (bounded label cardinality): a series past it is not exported, and a retired plan frees its series.</summary>
public sealed class GaugeBoundTests(BoundedGaugeHost host) : IClassFixture<BoundedGaugeHost>
{
    [Fact]
    public async Task Series_past_the_bound_are_not_exported_until_a_retired_plan_frees_room()
    {
        var factory = host.Factory;
        var people = People.InNewOrg("bound");
        var flow = new MonitoringFlow(factory);
        var at = DateTimeOffset.UtcNow.AddHours(-1);
        var models = new List<string>();
        var plans = new List<JsonElement>();
        for (var i = 0; i < 3; i++)
        {
            var model = await factory.RegisterModelAsync(people.Org);
            models.Add(model);
            plans.Add(await flow.CreatePlanAsync(people.Owner, MonitoringFlow.PushedPlan(model, warning: 0.5, critical: 0.9)));
            await flow.PushAsync(people.Pipeline, model, [MonitoringFlow.Point("toxicity_rate", 0.01 * (i + 1), at)]);
        }

        var exported = GaugeMeasurements.Of(factory);
        Assert.Equal(2, exported.Count);
        Assert.Equal(models.Take(2).Order(), exported.Select(m => m.Tags["model"]).Order());
        // The third series' points are stored all the same: the bound is on export, not ingest.
        Assert.Equal(1, await factory.QueryAsync(db => db.Points.CountAsync(p => p.ModelId == models[2])));

        await flow.SendAsync(people.Owner, HttpMethod.Delete, $"/api/monitoring/plans/{MonitoringFlow.Id(plans[0])}", ifMatch: MonitoringFlow.ETag(plans[0]));
        await flow.PushAsync(people.Pipeline, models[2], [MonitoringFlow.Point("toxicity_rate", 0.04, at.AddMinutes(1))]);

        exported = GaugeMeasurements.Of(factory);
        Assert.Equal(models.Skip(1).Order(), exported.Select(m => m.Tags["model"]).Order());
        Assert.Equal(0.04, exported.Single(m => m.Tags["model"] == models[2]).Value);
    }
}
