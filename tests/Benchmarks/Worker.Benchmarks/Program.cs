// The driver of tests/Benchmarks/worker-bench.sh.
//
//   plan     --tier medium --out FILE
//            writes the tier's test plan (the text Assessment puts in every job), for `mrp validate --plan`.
//   direct   --rabbit URI --data-key KEY [--reference-key KEY] [--group COL] [--drift a,b] [--tier medium]
//            [--runs N] [--warmup N] [--batch N] [--workers name=pid,name=pid] [--result-out FILE]
//            plays Assessment's part on the broker: publishes PlanValidationRun, a ValidateShard per shard of the
//            plan, MergeValidationRun once every shard reported, exactly as Assessment's consumers do, and times each
//            run from the publication of its first job to the arrival of ValidationRunResultReady. With --batch N, N
//            runs are published at once and the time is until the last result. With --workers, the CPU time the workers
//            used during each run is printed, and (with one run at a time) each worker's peak RSS (VmHWM) is read when
//            every shard has reported (then reset through clear_refs) and again after the merge.
//   gateway  --gateway URL --identity URL --data FILE [--runs N] [--warmup N]
//            the platform's own path: a model, a tiering and a review through the gateway, the dataset uploaded once,
//            then N runs submitted one after another, each timed from the POST of the run to the first GET that shows
//            it Succeeded (polled every 10 ms).
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using ModelRisk.Contracts.Validation.V1;
using ModelRisk.Validation.Engine.Plans;

var command = args.Length > 0 ? args[0] : "";
var options = Options.Parse(args.Skip(1).ToArray());
return command switch
{
    "plan" => WritePlan(options),
    "direct" => await Direct.RunAsync(options),
    "gateway" => await GatewayPath.RunAsync(options),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: worker-bench plan|direct|gateway [options] (see the comment at the top of Program.cs)");
    return 2;
}

static int WritePlan(Options options)
{
    File.WriteAllText(options.Required("out"), TestPlanLoader.TierPlanText(Enum.Parse<RiskTier>(options.Get("tier", "medium"), ignoreCase: true)));
    return 0;
}

internal sealed class Options(Dictionary<string, string> values)
{
    public static Options Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                throw new ArgumentException($"expected --name value, got '{args[i]}'");
            }
            values[args[i][2..]] = args[++i];
        }
        return new Options(values);
    }

    public string Required(string name) => values.TryGetValue(name, out var value) ? value : throw new ArgumentException($"--{name} is required");

    public string Get(string name, string fallback) => values.GetValueOrDefault(name, fallback);

    public string? Optional(string name) => values.GetValueOrDefault(name);

    public int Int(string name, int fallback) => values.TryGetValue(name, out var value) ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;
}

internal static class Machine
{
    public static string Load => File.ReadAllText("/proc/loadavg").Split(' ')[0..3] is var parts ? string.Join(' ', parts) : "";

    /// <summary>The process's peak resident set size so far, in KiB (VmHWM in /proc/pid/status).</summary>
    public static long PeakKb(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
            }
        }
        throw new InvalidOperationException($"no VmHWM for {pid}");
    }

    /// <summary>User plus system CPU time the process has used, in seconds (/proc/pid/stat, clock ticks of 1/100 s).</summary>
    public static double CpuSeconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // Fields after the command name, which is in parentheses and may hold spaces: utime and stime are the 12th and 13th.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }

    /// <summary>Sets the peak back to the current RSS (Linux: 5 written to clear_refs), so the next phase's peak is its own.</summary>
    public static void ResetPeak(int pid) => File.WriteAllText($"/proc/{pid}/clear_refs", "5");
}

internal static class Direct
{
    public static async Task<int> RunAsync(Options options)
    {
        var rabbit = options.Required("rabbit");
        var tier = Enum.Parse<RiskTier>(options.Get("tier", "medium"), ignoreCase: true);
        var drift = options.Optional("drift") is { Length: > 0 } d ? d.Split(',') : [];
        var referenceKey = options.Optional("reference-key");
        var spec = new ValidationRunSpec(options.Required("data-key"), "Csv", referenceKey, referenceKey is null ? null : "Csv", "score", "label",
            options.Optional("group"), drift, 0.5, TestPlanLoader.TierPlanText(tier));
        var workers = (options.Optional("workers") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(w => w.Split('=')).ToDictionary(w => w[0], w => int.Parse(w[1], CultureInfo.InvariantCulture));
        var runs = options.Int("runs", 5);
        var warmup = options.Int("warmup", 1);
        var batch = options.Int("batch", 1);

        var coordinator = new Coordinator(workers);
        var bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(new Uri(rabbit));
            cfg.ReceiveEndpoint("worker-bench-" + Guid.NewGuid().ToString("N")[..8], endpoint =>
            {
                endpoint.AutoDelete = true;
                endpoint.Durable = false;
                endpoint.Handler<ValidationRunPlanned>(context => coordinator.PlannedAsync(context));
                endpoint.Handler<ValidationShardCompleted>(context => coordinator.ShardCompletedAsync(context));
                endpoint.Handler<ValidationRunResultReady>(context => coordinator.ResultAsync(context.Message));
                endpoint.Handler<Fault<PlanValidationRun>>(context => coordinator.Fail(context.Message.Message.RunId, context.Message));
                endpoint.Handler<Fault<ValidateShard>>(context => coordinator.Fail(context.Message.Message.RunId, context.Message));
                endpoint.Handler<Fault<MergeValidationRun>>(context => coordinator.Fail(context.Message.Message.RunId, context.Message));
            });
        });
        await bus.StartAsync();
        try
        {
            for (var i = -warmup; i < runs; i++)
            {
                foreach (var pid in workers.Values)
                {
                    Machine.ResetPeak(pid);
                }
                var cpuBefore = workers.Values.Sum(Machine.CpuSeconds);
                var started = Stopwatch.GetTimestamp();
                var pending = new List<Task<RunOutcome>>();
                for (var j = 0; j < batch; j++)
                {
                    var runId = $"bench-{Guid.NewGuid():N}"[..22];
                    var outcome = coordinator.Track(runId, spec);
                    await bus.Publish(new PlanValidationRun(runId, "bench", spec, DateTimeOffset.UtcNow));
                    pending.Add(outcome);
                }
                var results = await Task.WhenAll(pending);
                var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
                var cpu = workers.Values.Sum(Machine.CpuSeconds) - cpuBefore;
                var last = results[^1];
                var line = string.Create(CultureInfo.InvariantCulture,
                    $"{(i < 0 ? "warmup" : "run")} {i + 1} batch {batch} seconds {seconds:F3} jobs_per_second {batch / seconds:F3} rows {last.Rows} shards {last.Shards} worker {last.Worker}");
                if (batch == 1 && last.Shards > 1)
                {
                    line += string.Create(CultureInfo.InvariantCulture,
                        $" plan_seconds {last.PlannedSeconds:F3} shard_phase_seconds {last.ShardsSeconds - last.PlannedSeconds:F3} merge_seconds {last.ResultSeconds - last.ShardsSeconds:F3}");
                }
                if (workers.Count > 0)
                {
                    line += string.Create(CultureInfo.InvariantCulture, $" worker_cpu_seconds {cpu:F2}");
                }
                if (workers.Count > 0 && batch == 1)
                {
                    line += " " + string.Join(' ', last.ShardPeaksKb.Select(p => $"shard_phase_peak_kb[{p.Key}] {p.Value}"));
                    line += string.Create(CultureInfo.InvariantCulture, $" final_phase_peak_kb[{last.Worker}] {last.FinalPeakKb}");
                }
                Console.WriteLine(line + $" load {Machine.Load}");
                if (options.Optional("result-out") is { } resultOut)
                {
                    File.WriteAllText(resultOut, last.Json);
                }
            }
        }
        finally
        {
            await bus.StopAsync();
        }
        return 0;
    }
}

/// <param name="PlannedSeconds">From the first job's publication to the plan's arrival (0 for a one-pass run), then to the last shard's report, then to the result.</param>
internal sealed record RunOutcome(long Rows, int Shards, string Worker, string Json, IReadOnlyDictionary<string, long> ShardPeaksKb, long FinalPeakKb,
    double PlannedSeconds, double ShardsSeconds, double ResultSeconds);

/// <summary>What Assessment's run consumers do, without a database: queue the shards of a plan, the merge once every shard reported.</summary>
internal sealed class Coordinator(IReadOnlyDictionary<string, int> workers)
{
    private readonly ConcurrentDictionary<string, State> _runs = new(StringComparer.Ordinal);

    public Task<RunOutcome> Track(string runId, ValidationRunSpec spec)
    {
        var state = new State(spec);
        _runs[runId] = state;
        return state.Done.Task;
    }

    public async Task PlannedAsync(ConsumeContext<ValidationRunPlanned> context)
    {
        var planned = context.Message;
        if (!_runs.TryGetValue(planned.RunId, out var state))
        {
            return;
        }
        state.ShardCount = planned.Shards.Count;
        state.PlannedAt = Stopwatch.GetElapsedTime(state.Started).TotalSeconds;
        foreach (var shard in planned.Shards)
        {
            await context.Publish(new ValidateShard(planned.RunId, "bench", state.Spec, shard.Index, planned.Shards.Count, shard.Unit, shard.Start, shard.End));
        }
    }

    public async Task ShardCompletedAsync(ConsumeContext<ValidationShardCompleted> context)
    {
        var completed = context.Message;
        if (!_runs.TryGetValue(completed.RunId, out var state))
        {
            return;
        }
        bool last;
        lock (state)
        {
            state.ShardsDone.Add(completed.Index);
            last = state.ShardsDone.Count == state.ShardCount && !state.MergeQueued;
            state.MergeQueued |= last;
        }
        if (last)
        {
            state.ShardsDoneAt = Stopwatch.GetElapsedTime(state.Started).TotalSeconds;
            // Every shard is done and nothing else runs: what the workers peaked at so far is the shard phase's peak.
            foreach (var (name, pid) in workers)
            {
                state.ShardPeaksKb[name] = Machine.PeakKb(pid);
                Machine.ResetPeak(pid);
            }
            await context.Publish(new MergeValidationRun(completed.RunId, "bench", state.Spec, state.ShardCount));
        }
    }

    public Task ResultAsync(ValidationRunResultReady ready)
    {
        if (_runs.TryRemove(ready.RunId, out var state))
        {
            var finalPeak = workers.TryGetValue(ready.Worker, out var pid) ? Machine.PeakKb(pid) : 0;
            state.Done.TrySetResult(new RunOutcome(ready.Rows, Math.Max(1, state.ShardCount), ready.Worker, ready.ResultJson, state.ShardPeaksKb, finalPeak,
                state.PlannedAt, state.ShardsDoneAt, Stopwatch.GetElapsedTime(state.Started).TotalSeconds));
        }
        return Task.CompletedTask;
    }

    public Task Fail(string runId, Fault fault)
    {
        if (_runs.TryRemove(runId, out var state))
        {
            state.Done.TrySetException(new InvalidOperationException($"run {runId} faulted: {string.Join("; ", fault.Exceptions.Select(e => e.Message))}"));
        }
        return Task.CompletedTask;
    }

    private sealed class State(ValidationRunSpec spec)
    {
        public ValidationRunSpec Spec { get; } = spec;

        public long Started { get; } = Stopwatch.GetTimestamp();

        public int ShardCount { get; set; }

        public double PlannedAt { get; set; }

        public double ShardsDoneAt { get; set; }

        public HashSet<int> ShardsDone { get; } = [];

        public bool MergeQueued { get; set; }

        public ConcurrentDictionary<string, long> ShardPeaksKb { get; } = new(StringComparer.Ordinal);

        public TaskCompletionSource<RunOutcome> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

internal static class GatewayPath
{
    private const string Org = "acme-lending";

    public static async Task<int> RunAsync(Options options)
    {
        var runs = options.Int("runs", 200);
        var warmup = options.Int("warmup", 5);
        using var gateway = new HttpClient { BaseAddress = new Uri(options.Required("gateway")), Timeout = TimeSpan.FromMinutes(5) };
        using var identity = new HttpClient { BaseAddress = new Uri(options.Required("identity")) };

        // One person holding both roles: the model's owner opens the review and uploads, the analyst runs.
        using var tokenResponse = await identity.PostAsJsonAsync("/realms/model-risk/dev/token",
            new { username = "bench", roles = new[] { "risk-analyst", "model-owner" }, orgs = new[] { Org } });
        tokenResponse.EnsureSuccessStatusCode();
        var token = (await tokenResponse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString();
        gateway.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var model = await SendAsync(gateway, HttpMethod.Post, "/api/inventory/models",
            new { org = Org, key = "bench-" + Guid.NewGuid().ToString("N")[..8], name = "Worker bench", modelType = "Classification", owner = "bench" });
        var modelId = model.GetProperty("id").GetString()!;
        var version = await SendAsync(gateway, HttpMethod.Post, $"/api/inventory/models/{modelId}/versions", new { version = "1.0.0", artifactUri = "s3://models/bench/1.0.0" });
        await SendAsync(gateway, HttpMethod.Post, "/api/assessment/tierings", new
        {
            modelId,
            answers = new Dictionary<string, string[]>
            {
                ["customer-impact"] = ["material"], ["decision-autonomy"] = ["human-in-the-loop"], ["scale"] = ["1k-100k"],
                ["data-sensitivity"] = ["personal"], ["regulatory-exposure"] = ["credit"], ["opacity"] = ["explainable"],
                ["genai-exposure"] = ["none"], ["third-party"] = ["in-house"],
            },
        });
        var review = await SendAsync(gateway, HttpMethod.Post, "/api/assessment/reviews",
            new { modelId, modelVersionId = version.GetProperty("id").GetString(), kind = "NewModel" });
        var reviewId = review.GetProperty("id").GetString()!;

        await using var file = File.OpenRead(options.Required("data"));
        using var body = new StreamContent(file);
        body.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        body.Headers.ContentLength = file.Length;
        var dataset = await SendAsync(gateway, HttpMethod.Post, $"/api/assessment/datasets?org={Org}&name=bench-small.csv", content: body);
        var datasetId = dataset.GetProperty("id").GetString()!;

        var times = new List<double>();
        for (var i = -warmup; i < runs; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var submitted = await SendAsync(gateway, HttpMethod.Post, $"/api/assessment/reviews/{reviewId}/runs",
                new { datasetId, scoreColumn = "score", labelColumn = "label", groupColumn = "segment" });
            var runPath = $"/api/assessment/runs/{submitted.GetProperty("id").GetString()}";
            while (true)
            {
                var run = await SendAsync(gateway, HttpMethod.Get, runPath);
                var state = run.GetProperty("state").GetString();
                if (state == "Succeeded")
                {
                    break;
                }
                if (state is "Failed" or "Cancelled")
                {
                    throw new InvalidOperationException($"run {runPath} {state}: {run}");
                }
                await Task.Delay(10);
            }
            if (i >= 0)
            {
                times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }

        times.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"gateway runs {times.Count} p50_ms {Rank(times, 0.50):F1} p99_ms {Rank(times, 0.99):F1} min_ms {times[0]:F1} max_ms {times[^1]:F1} load {Machine.Load}"));
        return 0;
    }

    // Nearest rank: the smallest value with at least that share of the samples at or below it.
    private static double Rank(List<double> sorted, double share) => sorted[Math.Max(0, (int)Math.Ceiling(share * sorted.Count) - 1)];

    private static async Task<JsonElement> SendAsync(HttpClient client, HttpMethod method, string path, object? json = null, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content ?? (json is null ? null : JsonContent.Create(json)) };
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{method} {path} answered {(int)response.StatusCode}: {text}");
        }
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
