using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModelRisk.Datasets.Storage;
using ModelRisk.Monitoring.Features.Logs;
using ModelRisk.Monitoring.Models.Logs;
using ModelRisk.Monitoring.Tests.Infrastructure;

namespace ModelRisk.Monitoring.Tests;

/// <summary>Prediction logs and late labels: one immutable CSV object per UTC day in the dataset store, listed in the catalogue, idempotent per batch.</summary>
public sealed class LogTests(MonitoringFactory factory) : IClassFixture<MonitoringFactory>
{
    private readonly People _people = People.InNewOrg("logs");

    /// <summary>Two days ago, 23:58 UTC: a batch from then on spans two UTC days.</summary>
    private readonly DateTimeOffset _lateEvening = new DateTimeOffset(DateTimeOffset.UtcNow.Date, TimeSpan.Zero).AddDays(-2).AddHours(23).AddMinutes(58);

    private MonitoringFlow Flow => new(factory);

    private Task<JsonElement> PredictionsAsync(string token, object body, HttpStatusCode expected = HttpStatusCode.OK) =>
        Flow.SendAsync(token, HttpMethod.Post, "/api/monitoring/predictions", body, expected);

    private Task<JsonElement> LabelsAsync(string token, object body, HttpStatusCode expected = HttpStatusCode.OK) =>
        Flow.SendAsync(token, HttpMethod.Post, "/api/monitoring/labels", body, expected);

    private async Task<string> ReadObjectAsync(string key)
    {
        var storage = factory.Services.GetRequiredService<IDatasetStorage>();
        await using var stream = await storage.OpenReadAsync(key, ct: CancellationToken.None);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }

    private Task<List<LogObject>> CatalogueAsync(string model, LogKind kind) =>
        factory.QueryAsync(db => db.LogObjects.AsNoTracking().Where(o => o.ModelId == model && o.Kind == kind).OrderBy(o => o.Key).ToListAsync());

    private object Batch(string model, string batchId) => new
    {
        modelId = model,
        batchId,
        rows = new object[]
        {
            new { predictionId = "p-1", timestamp = _lateEvening, score = 0.25, group = "north", features = new Dictionary<string, object?> { ["income"] = 52000, ["region"] = "north, east", ["note"] = null } },
            new { predictionId = "p-2", timestamp = _lateEvening.AddMinutes(1).AddSeconds(30), score = 0.875, features = new Dictionary<string, object?> { ["income"] = 61000.5 } },
            new { predictionId = "p-3", timestamp = _lateEvening.AddMinutes(3), score = 1.0, group = "south", features = new Dictionary<string, object?> { ["region"] = "say \"hi\"", ["income"] = -1.25e-7 } },
        },
    };

    [Fact]
    public async Task A_batch_is_stored_as_one_CSV_object_per_UTC_day_with_the_exact_rows_and_listed_in_the_catalogue()
    {
        var model = await factory.RegisterModelAsync(_people.Org);

        var stored = await PredictionsAsync(_people.Pipeline, Batch(model, "batch-0001"));

        Assert.Equal(("batch-0001", 3, 2, false), (stored.GetProperty("batchId").GetString(), stored.GetProperty("rows").GetInt32(),
            stored.GetProperty("objects").GetInt32(), stored.GetProperty("duplicate").GetBoolean()));
        var day1 = DateOnly.FromDateTime(_lateEvening.UtcDateTime);
        var day2 = day1.AddDays(1);
        var key1 = $"monitoring/{model}/predictions/{day1:yyyy-MM-dd}/batch-0001.csv";
        var key2 = $"monitoring/{model}/predictions/{day2:yyyy-MM-dd}/batch-0001.csv";
        string Stamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'.0000000Z'", System.Globalization.CultureInfo.InvariantCulture);

        // Features in ordinal order across the batch; a feature a row lacks, or null, is an empty cell; cells with a comma or quote are quoted.
        Assert.Equal(
            "prediction_id,timestamp,score,group,income,note,region\n"
            + $"p-1,{Stamp(_lateEvening)},0.25,north,52000,,\"north, east\"\n"
            + $"p-2,{Stamp(_lateEvening.AddMinutes(1).AddSeconds(30))},0.875,,61000.5,,\n",
            await ReadObjectAsync(key1));
        Assert.Equal(
            "prediction_id,timestamp,score,group,income,note,region\n"
            + $"p-3,{Stamp(_lateEvening.AddMinutes(3))},1,south,-1.25E-07,,\"say \"\"hi\"\"\"\n",
            await ReadObjectAsync(key2));

        var catalogue = await CatalogueAsync(model, LogKind.Predictions);
        Assert.Equal([key1, key2], catalogue.Select(o => o.Key));
        Assert.All(catalogue, o => Assert.Equal((_people.Org, "batch-0001"), (o.Org, o.BatchId)));
        Assert.Equal([day1, day2], catalogue.Select(o => o.Day));
        Assert.Equal([2L, 1L], catalogue.Select(o => o.Rows));
        Assert.Equal((_lateEvening.ToUnixTimeMilliseconds(), _lateEvening.AddMinutes(1).AddSeconds(30).ToUnixTimeMilliseconds()), (catalogue[0].MinAt, catalogue[0].MaxAt));
        Assert.Equal((_lateEvening.AddMinutes(3).ToUnixTimeMilliseconds(), _lateEvening.AddMinutes(3).ToUnixTimeMilliseconds()), (catalogue[1].MinAt, catalogue[1].MaxAt));
        var batch = await factory.QueryAsync(db => db.LogBatches.SingleAsync(b => b.ModelId == model && b.BatchId == "batch-0001"));
        Assert.Equal((2, 3L), (batch.Objects, batch.Rows));
        Assert.NotEqual(catalogue[0].Sha256, catalogue[1].Sha256);
    }

    [Fact]
    public async Task The_same_batch_again_is_a_duplicate_that_changes_nothing_and_other_content_under_its_id_is_refused()
    {
        var model = await factory.RegisterModelAsync(_people.Org);
        await PredictionsAsync(_people.Pipeline, Batch(model, "batch-0002"));
        var before = await CatalogueAsync(model, LogKind.Predictions);
        var bytes = await Task.WhenAll(before.Select(o => ReadObjectAsync(o.Key)));

        var again = await PredictionsAsync(_people.Owner, Batch(model, "batch-0002"));
        Assert.True(again.GetProperty("duplicate").GetBoolean());
        Assert.Equal(2, again.GetProperty("objects").GetInt32());

        var other = new
        {
            modelId = model,
            batchId = "batch-0002",
            rows = new[] { new { predictionId = "p-9", timestamp = _lateEvening, score = 0.5 } },
        };
        var conflict = await PredictionsAsync(_people.Pipeline, other, HttpStatusCode.Conflict);
        Assert.Contains("batch-0002", conflict.GetProperty("detail").GetString());

        var after = await CatalogueAsync(model, LogKind.Predictions);
        Assert.Equal(before.Select(o => (o.Key, o.Sha256, o.ReceivedAt)), after.Select(o => (o.Key, o.Sha256, o.ReceivedAt)));
        Assert.Equal(bytes, await Task.WhenAll(after.Select(o => ReadObjectAsync(o.Key))));

        // The same id for labels is another batch: kinds do not share ids.
        await LabelsAsync(_people.Pipeline, new { modelId = model, batchId = "batch-0002", labels = new[] { new { predictionId = "p-1", label = 1 } } });
    }

    [Fact]
    public async Task Concurrent_batches_under_one_id_store_one_of_them_whole_and_the_catalogue_lists_exactly_the_stored_bytes()
    {
        var model = await factory.RegisterModelAsync(_people.Org);
        var storage = factory.Services.GetRequiredService<IDatasetStorage>();
        for (var i = 0; i < 10; i++)
        {
            var batchId = $"race-{i}";
            var answers = await Task.WhenAll(Enumerable.Range(0, 2).Select(async k =>
            {
                using var client = factory.As(_people.Pipeline);
                using var response = await client.PostAsync("/api/monitoring/predictions", System.Net.Http.Json.JsonContent.Create(new
                {
                    modelId = model, batchId, rows = new[] { new { predictionId = $"p-{k}", timestamp = _lateEvening, score = 0.1 * (k + 1) } },
                }));
                return response.StatusCode;
            }));

            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], answers.Order());
            var listed = Assert.Single(await factory.QueryAsync(db => db.LogObjects.AsNoTracking().Where(o => o.ModelId == model && o.BatchId == batchId).ToListAsync()));
            await using var stored = await storage.OpenReadAsync(listed.Key, ct: CancellationToken.None);
            Assert.Equal(listed.Sha256, Convert.ToHexStringLower(await System.Security.Cryptography.SHA256.HashDataAsync(stored)));
        }
    }

    public static TheoryData<string, string, string> InvalidRows => new()
    {
        { "a prediction id twice", """[{"predictionId":"p-1","timestamp":"2026-01-05T10:00:00Z","score":0.1},{"predictionId":"p-1","timestamp":"2026-01-05T10:01:00Z","score":0.2}]""", "rows[1].predictionId" },
        { "no prediction id", """[{"timestamp":"2026-01-05T10:00:00Z","score":0.1}]""", "rows[0].predictionId" },
        { "no timestamp", """[{"predictionId":"p-1","score":0.1}]""", "rows[0].timestamp" },
        { "a timestamp before 2000", """[{"predictionId":"p-1","timestamp":"1999-12-31T23:59:59Z","score":0.1}]""", "rows[0].timestamp" },
        { "a timestamp next year", """[{"predictionId":"p-1","timestamp":"2099-01-01T00:00:00Z","score":0.1}]""", "rows[0].timestamp" },
        { "a score above 1", """[{"predictionId":"p-1","timestamp":"2026-01-05T10:00:00Z","score":1.5}]""", "rows[0].score" },
        { "a negative score", """[{"predictionId":"p-1","timestamp":"2026-01-05T10:00:00Z","score":-0.1}]""", "rows[0].score" },
        { "no score", """[{"predictionId":"p-1","timestamp":"2026-01-05T10:00:00Z"}]""", "rows[0].score" },
        { "a NaN score", """[{"predictionId":"p-1","timestamp":"2026-01-05T10:00:00Z","score":"NaN"}]""", "rows[0].score" },
        { "a feature past the largest double", """[{"predictionId":"p-1","timestamp":"2026-01-05T10:00:00Z","score":0.1,"features":{"income":1e400}}]""", "rows[0].features.income" },
        { "a feature named score", """[{"predictionId":"p-1","timestamp":"2026-01-05T10:00:00Z","score":0.1,"features":{"score":1}}]""", "rows[0].features" },
        { "a feature named Timestamp", """[{"predictionId":"p-1","timestamp":"2026-01-05T10:00:00Z","score":0.1,"features":{"Timestamp":"x"}}]""", "rows[0].features" },
        { "a feature named group", """[{"predictionId":"p-1","timestamp":"2026-01-05T10:00:00Z","score":0.1,"features":{"group":"a"}}]""", "rows[0].features" },
        { "a feature named label", """[{"predictionId":"p-1","timestamp":"2026-01-05T10:00:00Z","score":0.1,"features":{"label":1}}]""", "rows[0].features" },
        { "a blank feature name", """[{"predictionId":"p-1","timestamp":"2026-01-05T10:00:00Z","score":0.1,"features":{" ":1}}]""", "rows[0].features" },
        { "a boolean feature", """[{"predictionId":"p-1","timestamp":"2026-01-05T10:00:00Z","score":0.1,"features":{"flag":true}}]""", "rows[0].features.flag" },
        { "an object feature", """[{"predictionId":"p-1","timestamp":"2026-01-05T10:00:00Z","score":0.1,"features":{"address":{"city":"x"}}}]""", "rows[0].features.address" },
        { "an array feature", """[{"predictionId":"p-1","timestamp":"2026-01-05T10:00:00Z","score":0.1,"features":{"tags":[1,2]}}]""", "rows[0].features.tags" },
        { "a feature with a control character", """[{"predictionId":"p-1","timestamp":"2026-01-05T10:00:00Z","score":0.1,"features":{"city":"a\u0000b"}}]""", "rows[0].features.city" },
        { "no rows", "[]", "rows" },
    };

    [Theory]
    [MemberData(nameof(InvalidRows))]
    public async Task A_bad_row_refuses_the_batch_naming_the_field_and_writes_nothing(string why, string rows, string errorKey)
    {
        var model = await factory.RegisterModelAsync(_people.Org);
        var body = new { modelId = model, batchId = "bad-batch", rows = JsonDocument.Parse(rows).RootElement };

        var problem = await PredictionsAsync(_people.Pipeline, body, HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty(errorKey, out _), $"{why}: {problem}");
        Assert.Empty(await CatalogueAsync(model, LogKind.Predictions));
        Assert.False(Directory.Exists(Path.Combine(factory.DatasetRoot, "monitoring", model)), $"{why}: an object was written");
    }

    [Fact]
    public void Full_batches_of_rows_and_of_labels_fit_the_body_limits_of_their_routes()
    {
        long LimitOf(string key) => ModelRisk.TestSupport.EndpointCatalog.Routes(factory.Services).Single(r => r.Key == key).Endpoint.Metadata
            .GetMetadata<Microsoft.AspNetCore.Http.Metadata.IRequestSizeLimitMetadata>()?.MaxRequestBodySize ?? MonitoringModule.MaxRequestBodyBytes;
        var at = _lateEvening.AddTicks(1234567);
        var labels = new
        {
            modelId = Guid.CreateVersion7().ToString("N"),
            batchId = "labels-" + Guid.NewGuid().ToString("N"),
            labels = Enumerable.Range(0, LogEndpoints.MaxRows).Select(i => new { predictionId = Guid.NewGuid().ToString(), label = i % 2, observedAt = at.AddSeconds(i) }),
        };
        var rows = new
        {
            modelId = Guid.CreateVersion7().ToString("N"),
            batchId = "rows-" + Guid.NewGuid().ToString("N"),
            rows = Enumerable.Range(0, LogEndpoints.MaxRows).Select(i => new
            {
                predictionId = Guid.NewGuid().ToString(), timestamp = at.AddSeconds(i), score = 0.123456789, group = "north",
                features = new Dictionary<string, object> { ["income"] = 52000.5 + i, ["age"] = 41, ["region"] = "north-west", ["tenure_months"] = 17 },
            }),
        };

        foreach (var (key, body) in new[] { ("POST /api/monitoring/labels", (object)labels), ("POST /api/monitoring/predictions", rows) })
        {
            var size = JsonSerializer.SerializeToUtf8Bytes(body, JsonSerializerOptions.Web).Length;
            Assert.True(size <= LimitOf(key), $"a full batch for {key} is {size} bytes; the route takes {LimitOf(key)}");
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData(".hidden")]
    [InlineData("batch/one")]
    [InlineData("batch one")]
    public async Task A_batch_id_is_a_safe_key(string batchId)
    {
        var model = await factory.RegisterModelAsync(_people.Org);
        var problem = await PredictionsAsync(_people.Pipeline,
            new { modelId = model, batchId, rows = new[] { new { predictionId = "p-1", timestamp = _lateEvening, score = 0.5 } } }, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("batchId", out _), problem.ToString());
    }

    [Fact]
    public async Task Only_the_models_pipeline_and_owners_log_and_only_for_a_model_Monitoring_knows()
    {
        var model = await factory.RegisterModelAsync(_people.Org);
        await PredictionsAsync(People.OtherOrgOwner, Batch(model, "b-1"), HttpStatusCode.NotFound);
        await PredictionsAsync(_people.Pipeline, Batch("no-such-model", "b-1"), HttpStatusCode.NotFound);
        await PredictionsAsync(People.Auditor, Batch(model, "b-1"), HttpStatusCode.Forbidden);
        await PredictionsAsync(People.Analyst, Batch(model, "b-1"), HttpStatusCode.Forbidden);
        await LabelsAsync(People.OtherOrgOwner, new { modelId = model, batchId = "l-1", labels = new[] { new { predictionId = "p-1", label = 1 } } }, HttpStatusCode.NotFound);
        Assert.Empty(await CatalogueAsync(model, LogKind.Predictions));
        Assert.Empty(await CatalogueAsync(model, LogKind.Labels));
    }

    [Fact]
    public async Task Labels_are_stored_under_the_day_they_arrived_late_and_out_of_order_with_their_observation_times()
    {
        var model = await factory.RegisterModelAsync(_people.Org);
        await PredictionsAsync(_people.Pipeline, Batch(model, "batch-0003"));
        var observed = _lateEvening.AddDays(1).AddHours(5);

        // p-3's label arrives first, then p-1's observed earlier, then a correction of p-3: all accepted.
        var first = await LabelsAsync(_people.Pipeline, new { modelId = model, batchId = "labels-1", labels = new[] { new { predictionId = "p-3", label = 1, observedAt = observed } } });
        await LabelsAsync(_people.Pipeline, new
        {
            modelId = model,
            batchId = "labels-2",
            labels = new object[] { new { predictionId = "p-1", label = 0, observedAt = observed.AddHours(-20) }, new { predictionId = "p-3", label = 0, observedAt = observed.AddHours(1) } },
        });
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        await LabelsAsync(_people.Pipeline, new { modelId = model, batchId = "labels-3", labels = new[] { new { predictionId = "never-logged", label = 1 } } });
        var after = DateTimeOffset.UtcNow.AddSeconds(1);
        Assert.Equal((1, 1, false), (first.GetProperty("rows").GetInt32(), first.GetProperty("objects").GetInt32(), first.GetProperty("duplicate").GetBoolean()));

        var catalogue = await CatalogueAsync(model, LogKind.Labels);
        Assert.Equal(["labels-1", "labels-2", "labels-3"], catalogue.Select(o => o.BatchId).Order());
        Assert.All(catalogue, o => Assert.Equal($"monitoring/{model}/labels/{DateOnly.FromDateTime(o.ReceivedAt.UtcDateTime):yyyy-MM-dd}/{o.BatchId}.csv", o.Key));
        var two = catalogue.Single(o => o.BatchId == "labels-2");
        Assert.Equal((2L, observed.AddHours(-20).ToUnixTimeMilliseconds(), observed.AddHours(1).ToUnixTimeMilliseconds()), (two.Rows, two.MinAt, two.MaxAt));
        string Stamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'.0000000Z'", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal($"prediction_id,label,observed_at\np-1,0,{Stamp(observed.AddHours(-20))}\np-3,0,{Stamp(observed.AddHours(1))}\n", await ReadObjectAsync(two.Key));

        // A label without observedAt is observed when it arrives.
        var three = catalogue.Single(o => o.BatchId == "labels-3");
        Assert.InRange(DateTimeOffset.FromUnixTimeMilliseconds(three.MinAt), before, after);
        Assert.StartsWith("prediction_id,label,observed_at\nnever-logged,1,", await ReadObjectAsync(three.Key));

        var again = await LabelsAsync(_people.Pipeline, new { modelId = model, batchId = "labels-1", labels = new[] { new { predictionId = "p-3", label = 1, observedAt = observed } } });
        Assert.True(again.GetProperty("duplicate").GetBoolean());
        await LabelsAsync(_people.Pipeline, new { modelId = model, batchId = "labels-1", labels = new[] { new { predictionId = "p-3", label = 0, observedAt = observed } } },
            HttpStatusCode.Conflict);
        Assert.Equal(3, (await CatalogueAsync(model, LogKind.Labels)).Count);
    }

    [Fact]
    public async Task A_resent_label_batch_without_observation_times_is_a_duplicate_not_a_conflict()
    {
        var model = await factory.RegisterModelAsync(_people.Org);
        var batch = new { modelId = model, batchId = "labels-retry", labels = new object[] { new { predictionId = "p-1", label = 1 }, new { predictionId = "p-2", label = 0 } } };

        var first = await LabelsAsync(_people.Pipeline, batch);
        var before = await CatalogueAsync(model, LogKind.Labels);
        var content = await ReadObjectAsync(Assert.Single(before).Key);
        // The pipeline retries after a timeout: same batch, later arrival. Its labels are observed when they first arrived.
        var again = await LabelsAsync(_people.Pipeline, batch);

        Assert.False(first.GetProperty("duplicate").GetBoolean());
        Assert.True(again.GetProperty("duplicate").GetBoolean());
        var after = await CatalogueAsync(model, LogKind.Labels);
        Assert.Equal(before.Select(o => (o.Key, o.Sha256, o.ReceivedAt)), after.Select(o => (o.Key, o.Sha256, o.ReceivedAt)));
        Assert.Equal(content, await ReadObjectAsync(after[0].Key));

        // Other labels under the same id are still refused.
        await LabelsAsync(_people.Pipeline, new { modelId = model, batchId = "labels-retry", labels = new object[] { new { predictionId = "p-1", label = 0 } } },
            HttpStatusCode.Conflict);
    }

    [Theory]
    [InlineData("""[{"predictionId":"p-1","label":2}]""", "labels[0].label")]
    [InlineData("""[{"predictionId":"p-1"}]""", "labels[0].label")]
    [InlineData("""[{"label":1}]""", "labels[0].predictionId")]
    [InlineData("""[{"predictionId":"p-1","label":1,"observedAt":"2099-01-01T00:00:00Z"}]""", "labels[0].observedAt")]
    [InlineData("[]", "labels")]
    public async Task A_bad_label_refuses_the_batch(string labels, string errorKey)
    {
        var model = await factory.RegisterModelAsync(_people.Org);
        var problem = await LabelsAsync(_people.Pipeline, new { modelId = model, batchId = "l-bad", labels = JsonDocument.Parse(labels).RootElement }, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(errorKey, out _), problem.ToString());
        Assert.Empty(await CatalogueAsync(model, LogKind.Labels));
    }
}
