using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ModelRisk.Validation.Engine;
using ModelRisk.Validation.Engine.Benchmarks;
using ModelRisk.Validation.Engine.Classification;
using ModelRisk.Validation.Engine.Drift;

// Usage: dotnet run -c Release --project tests/Benchmarks/Engine.Benchmarks -- [--rows N] [--bootstrap-rows N] [--runs N] [--data DIR] [--python PATH] [--no-peers]
var settings = Settings.Parse(args);
var data = BenchmarkData.LoadOrCreate(settings.DataDirectory, settings.Rows, seed: 20261129);
var bootstrapScores = data.Scores.AsSpan(0, settings.BootstrapRows).ToArray();
var bootstrapLabels = data.Labels.AsSpan(0, settings.BootstrapRows).ToArray();
Console.Error.WriteLine($"data ready: {settings.Rows:N0} rows in {settings.DataDirectory}; {Environment.ProcessorCount} cores");

var workloads = new (string Key, Func<double[]> Run)[]
{
    ("auc", () => [BinaryMetrics.RocAuc(data.Scores, data.Labels).Value!.Value]),
    ("ranking", () =>
    {
        var r = BinaryMetrics.ComputeRanking(data.Scores, data.Labels);
        return [r.RocAuc.Value!.Value, r.AveragePrecision.Value!.Value, r.Ks.Value!.Value];
    }),
    ("delong", () =>
    {
        var (auc, ci, _) = BinaryMetrics.RocAucWithDeLong(data.Scores, data.Labels);
        return [auc.Value!.Value, ci!.Value.Low, ci.Value.High];
    }),
    ("full", () =>
    {
        var r = BinaryMetrics.Compute(data.Scores, data.Labels, new BinaryOptions());
        return [r.RocAuc.Value!.Value, r.Brier.Value!.Value, r.LogLoss.Value!.Value];
    }),
    ("bootstrap", () =>
    {
        var ci = Bootstrap.ConfidenceInterval(bootstrapScores, bootstrapLabels, BootstrapMetric.RocAuc, new BinaryOptions(BootstrapResamples: 1000))!.Value;
        return [ci.Low, ci.High];
    }),
    ("drift", () =>
    {
        var d = NumericDrift.Compute(data.Reference, data.Current);
        return [d.Psi.Value!.Value, d.Ks.Value!.Value, d.Wasserstein.Value!.Value, d.JsDistance.Value!.Value, d.KsPValue.Value!.Value];
    }),
};

// Load from other processes on a shared machine drifts over minutes, so the engine is timed both before
// and after the python peers and its median taken over both sets of runs.
var before = MeasureRoundRobin(workloads, settings.Runs);
Dictionary<string, (double Seconds, double[] Values)>? peers = settings.RunPeers ? RunPeers(settings) : null;
var after = settings.RunPeers ? MeasureRoundRobin(workloads, settings.Runs) : [];
var ours = workloads.ToDictionary(
    w => w.Key,
    w => (Median([.. before[w.Key].Times, .. after.GetValueOrDefault(w.Key).Times ?? []]), before[w.Key].Values));
Console.WriteLine(Report(settings, ours, peers));
return 0;

// Runs the workloads in turn, one run of each per round, so that load from other processes on a shared
// machine falls on all of them alike; one warm-up round first lets tiered compilation settle.
static Dictionary<string, (double[] Times, double[] Values)> MeasureRoundRobin((string Key, Func<double[]> Run)[] workloads, int runs)
{
    var values = workloads.ToDictionary(w => w.Key, w => w.Run());
    var times = workloads.ToDictionary(w => w.Key, _ => new double[runs]);
    for (var round = 0; round < runs; round++)
    {
        foreach (var (key, run) in workloads)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var watch = Stopwatch.StartNew();
            values[key] = run();
            times[key][round] = watch.Elapsed.TotalSeconds;
        }
    }

    return workloads.ToDictionary(w => w.Key, w => (times[w.Key], values[w.Key]));
}

static double Median(double[] values)
{
    var sorted = values.Order().ToArray();
    return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
}

static Dictionary<string, (double Seconds, double[] Values)> RunPeers(Settings settings)
{
    var script = Path.Combine(AppContext.BaseDirectory, "peers", "engine_peers.py");
    var start = new ProcessStartInfo(settings.Python)
    {
        RedirectStandardOutput = true,
        UseShellExecute = false,
    };
    foreach (var argument in new[] { script, settings.DataDirectory, settings.Runs.ToString(CultureInfo.InvariantCulture), settings.BootstrapRows.ToString(CultureInfo.InvariantCulture) })
    {
        start.ArgumentList.Add(argument);
    }

    Console.Error.WriteLine($"running python peers ({settings.Python}) ...");
    using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {settings.Python}");
    var output = process.StandardOutput.ReadToEnd();
    process.WaitForExit();
    if (process.ExitCode != 0)
    {
        throw new InvalidOperationException($"python peers exited with {process.ExitCode}");
    }

    using var json = JsonDocument.Parse(output);
    return json.RootElement.EnumerateObject().ToDictionary(
        p => p.Name,
        p => (p.Value.GetProperty("seconds").GetDouble(), p.Value.GetProperty("values").EnumerateArray().Select(v => v.GetDouble()).ToArray()));
}

static string Report(Settings settings, Dictionary<string, (double Seconds, double[] Values)> ours, Dictionary<string, (double Seconds, double[] Values)>? peers)
{
    var rows = new (string Key, string What, string Peer, string Target)[]
    {
        ("auc", $"exact ROC AUC, {settings.Rows:N0} rows", "sklearn roc_auc_score", "≥ 5× faster"),
        ("ranking", "AUC + AP + KS + ROC/PR curves (one sort)", "sklearn roc_auc_score + average_precision_score + roc_curve + precision_recall_curve", "≤ 1.3× our AUC"),
        ("delong", "AUC + DeLong 95% CI", "numpy fast DeLong (scipy rankdata)", "≤ 2× our AUC"),
        ("full", "full binary report (adds brier, log loss, ECE, threshold metrics)", "—", "—"),
        ("bootstrap", $"1000-resample AUC bootstrap CI, {settings.BootstrapRows:N0} rows", "python loop: resample + roc_auc_score", "≥ 100× faster"),
        ("drift", $"numeric drift (psi, js, ks + p, wasserstein), {settings.Rows:N0} vs {settings.Rows:N0}", "numpy quantile/histogram + scipy jensenshannon, ks_2samp(asymp), wasserstein_distance", "≥ 5× faster"),
    };

    var text = new System.Text.StringBuilder();
    text.AppendLine(CultureInfo.InvariantCulture, $"| Workload | Engine (median of {(settings.RunPeers ? 2 * settings.Runs : settings.Runs)}) | Peer | Peer median | Speed-up | Target | Values agree |");
    text.AppendLine("|---|---:|---|---:|---:|---|---|");
    foreach (var (key, what, peer, target) in rows)
    {
        var (seconds, values) = ours[key];
        var peerCell = "—";
        var ratio = key switch
        {
            "ranking" or "delong" => $"{seconds / ours["auc"].Seconds:F2}× our AUC time",
            _ => "—",
        };
        var agree = "—";
        if (peers is not null && peers.TryGetValue(key, out var p))
        {
            peerCell = Format(p.Seconds);
            ratio = key is "ranking" or "delong"
                ? $"{p.Seconds / seconds:F1}× ({seconds / ours["auc"].Seconds:F2}× our AUC time)"
                : $"{p.Seconds / seconds:F1}×";
            agree = Agreement(key, values, p.Values);
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"| {what} | {Format(seconds)} | {peer} | {peerCell} | {ratio} | {target} | {agree} |");
    }

    return text.ToString();
}

static string Format(double seconds) => seconds >= 1 ? $"{seconds:F2} s" : $"{seconds * 1000:F1} ms";

static string Agreement(string key, double[] ours, double[] peer)
{
    // Bootstrap intervals differ by design (Poisson vs multinomial resampling, other random draws): compare loosely.
    var tolerance = key == "bootstrap" ? 5e-3 : key == "drift" ? 1e-9 : 1e-12;
    var worst = ours.Zip(peer, (a, b) => Math.Abs(a - b) / Math.Max(1, Math.Abs(b))).Max();
    return worst <= tolerance
        ? string.Create(CultureInfo.InvariantCulture, $"yes (max rel. diff {worst:E1})")
        : string.Create(CultureInfo.InvariantCulture, $"NO (max rel. diff {worst:E1})");
}

internal sealed record Settings(int Rows, int BootstrapRows, int Runs, string DataDirectory, string Python, bool RunPeers)
{
    public static Settings Parse(string[] args)
    {
        var settings = new Settings(10_000_000, 50_000, 5, Path.Combine(Path.GetTempPath(), "mrp-engine-bench"), "/usr/bin/python3", true);
        for (var i = 0; i < args.Length; i++)
        {
            settings = args[i] switch
            {
                "--rows" => settings with { Rows = int.Parse(args[++i], CultureInfo.InvariantCulture) },
                "--bootstrap-rows" => settings with { BootstrapRows = int.Parse(args[++i], CultureInfo.InvariantCulture) },
                "--runs" => settings with { Runs = int.Parse(args[++i], CultureInfo.InvariantCulture) },
                "--data" => settings with { DataDirectory = args[++i] },
                "--python" => settings with { Python = args[++i] },
                "--no-peers" => settings with { RunPeers = false },
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
        }

        return settings with { BootstrapRows = Math.Min(settings.BootstrapRows, settings.Rows) };
    }
}
