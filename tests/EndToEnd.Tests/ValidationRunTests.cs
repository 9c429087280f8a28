using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MassTransit;
using ModelRisk.Contracts.Findings.V1;
using ModelRisk.Contracts.Validation.V1;
using ModelRisk.Validation.Engine.Plans;
using ModelRisk.Validation.Engine.Running;

namespace ModelRisk.EndToEnd.Tests;

/// <summary>
/// Independent validation through the gateway on the real workers: two worker processes on the local RabbitMQ, a
/// dataset uploaded and validated with the tier's plan in shards, one worker killed with SIGKILL mid-run, and the run
/// still completing once with exactly the figures of one pass; and a dataset that cannot be validated failing its run
/// with the reason while its job goes to the error queue.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class ValidationRunTests(PlatformFixture platform)
{
    private const string Org = "acme-lending";

    [Fact]
    public async Task A_sharded_run_completes_once_with_the_one_pass_result_although_a_worker_is_killed()
    {
        var api = new GatewayApi(platform.Gateway);
        var analyst = await platform.SignInAsync("riley.analyst", "dev-only-riley-pw");
        // The model's team uploads the data in its org; the analysts, who work across orgs, validate on it.
        var owner = await platform.SignInAsync("olivia.owner", "dev-only-olivia-pw");
        var reviewId = await OpenReviewAsync(api);
        var data = Dataset(rows: 400_000, seed: 1, shift: 0);
        var reference = Dataset(rows: 100_000, seed: 2, shift: 0.4);
        var dataId = await UploadAsync(api, owner, "e2e-scores.csv", data);
        var referenceId = await UploadAsync(api, owner, "e2e-reference.csv", reference);

        var completions = new List<ValidationCompleted>();
        var findings = new List<FindingRaised>();
        var bus = await ListenAsync(completions, findings);
        try
        {
            var submitted = await api.SendAsync(analyst, HttpMethod.Post, $"/api/assessment/reviews/{reviewId}/runs", new
            {
                datasetId = dataId, referenceDatasetId = referenceId, scoreColumn = "score", labelColumn = "label", groupColumn = "segment",
                driftColumns = new[] { "income", "region" },
            }, HttpStatusCode.Accepted);
            var runPath = $"/api/assessment/runs/{submitted.GetProperty("id").GetString()}";

            // Kill a worker once the run is split and under way: with one job per worker, it is in the middle of a shard.
            JsonElement run = default;
            try
            {
                await GatewayApi.EventuallyAsync(async () =>
                {
                    run = await api.SendAsync(analyst, HttpMethod.Get, runPath);
                    return run.GetProperty("progress").GetProperty("shardsDone").GetInt32() >= 1 || run.GetProperty("state").GetString() is "Succeeded" or "Failed";
                }, "the first shard is done", TimeSpan.FromMinutes(3));
            }
            catch (TimeoutException e)
            {
                throw new TimeoutException($"{e.Message} The run: {run}", e);
            }
            Assert.Equal("Running", run.GetProperty("state").GetString());
            var shardCount = run.GetProperty("progress").GetProperty("shardCount").GetInt32();
            Assert.True(shardCount >= 4, $"the data should be split into several shards, got {shardCount}");
            KillWorker("validation-worker-1");

            await GatewayApi.EventuallyAsync(async () =>
            {
                run = await api.SendAsync(analyst, HttpMethod.Get, runPath);
                return run.GetProperty("state").GetString() is "Succeeded" or "Failed";
            }, "the run finishes", TimeSpan.FromMinutes(3));
            Assert.True(run.GetProperty("state").GetString() == "Succeeded", run.ToString());
            Assert.Equal(shardCount, run.GetProperty("progress").GetProperty("shardsDone").GetInt32());
            Assert.Equal(400_000, run.GetProperty("progress").GetProperty("rowsRead").GetInt64());

            // Exactly the numbers of one pass over the same files (the file names differ, so they are left out).
            var result = await api.SendAsync(analyst, HttpMethod.Get, runPath + "/result");
            Assert.Equal(Canonical(OnePass(data, reference)), Canonical(result));

            using var report = await api.SendRawAsync(analyst, HttpMethod.Get, runPath + "/report");
            Assert.Equal(HttpStatusCode.OK, report.StatusCode);
            Assert.Equal("text/html", report.Content.Headers.ContentType?.MediaType);
            Assert.Contains("High risk tier", await report.Content.ReadAsStringAsync(), StringComparison.Ordinal);

            // The run is evidence on the review, announced once, with a finding per failed test of the plan.
            var review = await api.SendAsync(analyst, HttpMethod.Get, $"/api/assessment/reviews/{reviewId}");
            Assert.Contains(review.GetProperty("evidence").EnumerateArray(), e => e.GetProperty("kind").GetString() == "validation-run"
                && e.GetProperty("sha256").GetString() == run.GetProperty("resultSha256").GetString());
            var failed = run.GetProperty("tests").EnumerateArray().Where(t => t.GetProperty("status").GetString() == "Fail")
                .Select(t => t.GetProperty("name").GetString()!).Order().ToList();
            Assert.NotEmpty(failed);
            var runId = run.GetProperty("id").GetString()!;
            await GatewayApi.EventuallyAsync(() => Task.FromResult(Count(completions, c => c.RunId == runId) == 1
                && Count(findings, f => f.SourceKey.StartsWith($"validation-run/{runId}/", StringComparison.Ordinal)) == failed.Count), "the events arrive");
            await Task.Delay(TimeSpan.FromSeconds(3));
            Assert.Equal(1, Count(completions, c => c.RunId == runId));
            lock (findings)
            {
                Assert.Equal(failed, findings.Where(f => f.ReviewId == reviewId).Select(f => f.SourceKey[(f.SourceKey.LastIndexOf('/') + 1)..]).Order().ToList());
            }
        }
        finally
        {
            await bus.StopAsync();
        }
    }

    [Fact]
    public async Task A_dataset_that_cannot_be_validated_fails_its_run_with_the_reason_and_its_job_goes_to_the_error_queue()
    {
        var api = new GatewayApi(platform.Gateway);
        var analyst = await platform.SignInAsync("riley.analyst", "dev-only-riley-pw");
        // The model's team uploads the data in its org; the analysts, who work across orgs, validate on it.
        var owner = await platform.SignInAsync("olivia.owner", "dev-only-olivia-pw");
        var reviewId = await OpenReviewAsync(api);
        var text = new StringBuilder("score,label,segment,income,region\n");
        for (var i = 0; i < 2000; i++)
        {
            // A label of 2 deep in the file: not a binary classification.
            text.Append(CultureInfo.InvariantCulture, $"0.{i % 100:D2},{(i == 1500 ? 2 : i % 2)},a,1,north\n");
        }
        var dataId = await UploadAsync(api, owner, "e2e-poison.csv", Encoding.UTF8.GetBytes(text.ToString()));
        var before = await ErrorQueueDepthAsync();

        var submitted = await api.SendAsync(analyst, HttpMethod.Post, $"/api/assessment/reviews/{reviewId}/runs",
            new { datasetId = dataId, scoreColumn = "score", labelColumn = "label" }, HttpStatusCode.Accepted);
        var runPath = $"/api/assessment/runs/{submitted.GetProperty("id").GetString()}";
        JsonElement run = default;
        await GatewayApi.EventuallyAsync(async () =>
        {
            run = await api.SendAsync(analyst, HttpMethod.Get, runPath);
            return run.GetProperty("state").GetString() is "Succeeded" or "Failed";
        }, "the run finishes", TimeSpan.FromMinutes(2));
        Assert.Equal("Failed", run.GetProperty("state").GetString());
        var reason = run.GetProperty("failureReason").GetString()!;
        Assert.Contains("label", reason, StringComparison.Ordinal);
        Assert.Contains("1501", reason, StringComparison.Ordinal);
        await api.SendAsync(analyst, HttpMethod.Get, runPath + "/result", expected: HttpStatusCode.Conflict);
        await GatewayApi.EventuallyAsync(async () => await ErrorQueueDepthAsync() > before, "the job is in the error queue");
    }

    private async Task<string> OpenReviewAsync(GatewayApi api)
    {
        var owner = await platform.SignInAsync("olivia.owner", "dev-only-olivia-pw");
        var key = "e2e-run-" + Guid.NewGuid().ToString("N")[..10];
        var model = await api.SendAsync(owner, HttpMethod.Post, "/api/inventory/models",
            new { org = Org, key, name = "E2E validated scorecard", modelType = "Classification", owner = "olivia.owner" }, HttpStatusCode.Created);
        var modelId = model.GetProperty("id").GetString()!;
        var version = await api.SendAsync(owner, HttpMethod.Post, $"/api/inventory/models/{modelId}/versions",
            new { version = "1.0.0", artifactUri = "s3://models/run/1.0.0" }, HttpStatusCode.Created);
        await api.SendAsync(owner, HttpMethod.Post, "/api/assessment/tierings", new
        {
            modelId,
            answers = new Dictionary<string, string[]>
            {
                ["customer-impact"] = ["material"], ["decision-autonomy"] = ["human-in-the-loop"], ["scale"] = ["1k-100k"],
                ["data-sensitivity"] = ["personal"], ["regulatory-exposure"] = ["credit"], ["opacity"] = ["explainable"],
                ["genai-exposure"] = ["none"], ["third-party"] = ["in-house"],
            },
        }, HttpStatusCode.Created);
        var review = await api.SendAsync(owner, HttpMethod.Post, "/api/assessment/reviews",
            new { modelId, modelVersionId = version.GetProperty("id").GetString(), kind = "NewModel" }, HttpStatusCode.Created);
        return review.GetProperty("id").GetString()!;
    }

    private static async Task<string> UploadAsync(GatewayApi api, string token, string name, byte[] content)
    {
        using var body = new ByteArrayContent(content);
        body.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        var dataset = await api.SendAsync(token, HttpMethod.Post, $"/api/assessment/datasets?org={Org}&name={name}", expected: HttpStatusCode.Created, content: body);
        return dataset.GetProperty("id").GetString()!;
    }

    /// <summary>
    /// Scores with ties (three decimals), labels drawn from a miscalibrated score (so the calibration test fails), three
    /// segments of which one is rare, and two drift columns that the reference shifts.
    /// </summary>
    private static byte[] Dataset(int rows, int seed, double shift)
    {
        var random = new Random(seed);
        var regions = new[] { "north", "south", "east", "west" };
        var text = new StringBuilder("score,label,segment,income,region\n", rows * 40);
        for (var i = 0; i < rows; i++)
        {
            var score = Math.Round(random.NextDouble(), 3);
            var label = random.NextDouble() < score * score ? 1 : 0;
            var segment = random.NextDouble() < 0.02 ? "rare" : (i % 2 == 0 ? "a" : "b");
            var income = Math.Round(30_000 + 20_000 * (random.NextDouble() + shift), 2);
            var region = regions[Math.Min(3, (int)((random.NextDouble() + shift / 2) * 4))];
            text.Append(CultureInfo.InvariantCulture, $"{score},{label},{segment},{income},{region}\n");
        }
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static JsonElement OnePass(byte[] data, byte[] reference)
    {
        var directory = Directory.CreateTempSubdirectory("mrp-e2e-onepass-");
        try
        {
            var dataPath = Path.Combine(directory.FullName, "data.csv");
            var referencePath = Path.Combine(directory.FullName, "reference.csv");
            File.WriteAllBytes(dataPath, data);
            File.WriteAllBytes(referencePath, reference);
            var result = new ValidationRunner().Run(new ValidationRequest(dataPath, "score", "label", "segment", 0.5, referencePath, ["income", "region"],
                TestPlanLoader.ForTier(RiskTier.High)));
            return JsonDocument.Parse(ValidationJsonWriter.ToJson(result)).RootElement.Clone();
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    // File names are where the platform and a local pass differ; every figure must not.
    private static string Canonical(JsonElement result)
    {
        var node = JsonNode.Parse(result.GetRawText())!.AsObject();
        node.Remove("data");
        node.Remove("reference");
        return node.ToJsonString();
    }

    private async Task<IBusControl> ListenAsync(List<ValidationCompleted> completions, List<FindingRaised> findings)
    {
        var bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(new Uri(platform.RabbitMqConnectionString));
            cfg.ReceiveEndpoint("e2e-validation-" + Guid.NewGuid().ToString("N")[..8], endpoint =>
            {
                endpoint.AutoDelete = true;
                endpoint.Durable = false;
                endpoint.Handler<ValidationCompleted>(context => Add(completions, context.Message));
                endpoint.Handler<FindingRaised>(context => Add(findings, context.Message));
            });
        });
        await bus.StartAsync(new CancellationTokenSource(GatewayApi.Deadline).Token);
        return bus;
    }

    private static Task Add<T>(List<T> list, T item)
    {
        lock (list)
        {
            list.Add(item);
        }
        return Task.CompletedTask;
    }

    private static int Count<T>(List<T> list, Func<T, bool> predicate)
    {
        lock (list)
        {
            return list.Count(predicate);
        }
    }

    private async Task<long> ErrorQueueDepthAsync()
    {
        using var client = new HttpClient { BaseAddress = platform.RabbitMqManagementUrl };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.ASCII.GetBytes("guest:guest")));
        using var response = await client.GetAsync("api/queues/%2F/validation-worker-jobs_error");
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return 0;
        }
        response.EnsureSuccessStatusCode();
        var queue = await response.Content.ReadFromJsonAsync<JsonElement>();
        // The management API refreshes its counters every few seconds; "messages" may be absent right after declaring.
        return queue.TryGetProperty("messages", out var messages) ? messages.GetInt64() : 0;
    }

    /// <summary>
    /// SIGKILL to the worker the AppHost started for this platform under the given resource name (every process that
    /// carries its environment, in case a launcher sits between the AppHost and the worker).
    /// </summary>
    private void KillWorker(string instance)
    {
        var killed = 0;
        var root = Path.Combine(platform.DataDirectory, "datasets");
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }
            string environment;
            try
            {
                environment = File.ReadAllText(Path.Combine(directory, "environ"));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }
            var variables = environment.Split('\0');
            if (variables.Contains($"Worker__Instance={instance}") && variables.Contains($"DatasetStorage__Local__Root={root}"))
            {
                Process.GetProcessById(pid).Kill();
                killed++;
            }
        }
        Assert.True(killed > 0, $"No process of {instance} for this platform.");
    }
}
