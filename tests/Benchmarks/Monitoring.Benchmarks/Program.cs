using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ModelRisk.Contracts.Monitoring.V1;
using ModelRisk.Datasets.Storage;
using ModelRisk.Datasets.Storage.PredictionLogs;
using ModelRisk.Messaging;
using ModelRisk.Monitoring.Benchmarks;

// A drift window on the workers against `mrp validate` on the same rows (tests/Benchmarks/monitoring-window-bench.sh):
//   generate DIR ROWS      writes ROWS predictions (income drifted, age and utilization not) as Monitoring lays them out in
//                          the local dataset store DIR/store, batches of 10,000 rows; the reference as a stored dataset and
//                          as DIR/reference.csv; the same rows as DIR/window.csv (with a label column, which mrp requires)
//   evaluate DIR RUNS      with ConnectionStrings__rabbitmq set: publishes the window's job RUNS times (after one warm-up),
//                          each time waiting for MonitoringWindowEvaluated; prints the seconds of each run and the values
if (args.Length < 3)
{
    Console.Error.WriteLine("usage: generate DIR ROWS | evaluate DIR RUNS");
    return 2;
}

string[] features = ["income", "age", "utilization"];
var start = new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);
var dir = args[1];
switch (args[0])
{
    case "generate":
        await Generate(dir, int.Parse(args[2], CultureInfo.InvariantCulture));
        return 0;
    case "evaluate":
        return await Evaluate(dir, int.Parse(args[2], CultureInfo.InvariantCulture));
    default:
        Console.Error.WriteLine($"unknown command {args[0]}");
        return 2;
}

async Task Generate(string directory, int rows)
{
    var store = new LocalFileDatasetStorage(Path.Combine(directory, "store"));
    var random = new Random(20260302);
    var keys = new List<string>();
    using var window = new StreamWriter(Path.Combine(directory, "window.csv"), false, new UTF8Encoding(false));
    window.Write("prediction_id,timestamp,score,label,income,age,utilization\n");
    const int Batch = 10_000;
    var step = TimeSpan.FromDays(1).Ticks / rows;
    for (var first = 0; first < rows; first += Batch)
    {
        var batch = new List<PredictionRecord>(Batch);
        for (var i = first; i < Math.Min(rows, first + Batch); i++)
        {
            var score = Math.Round(random.NextDouble(), 4);
            // Income drifts upwards by a third of a standard deviation; age and utilization keep the reference's shape.
            var income = Math.Round(Normal(random, 52_000, 15_000), 2);
            var age = Math.Round(Normal(random, 41, 12), 1);
            var utilization = Math.Round(random.NextDouble(), 4);
            var record = new PredictionRecord($"p-{i:D8}", start.AddTicks(i * step), score, random.NextDouble() < 0.5 ? "a" : "b",
                [income.ToString("R", CultureInfo.InvariantCulture), age.ToString("R", CultureInfo.InvariantCulture), utilization.ToString("R", CultureInfo.InvariantCulture)]);
            batch.Add(record);
            window.Write(string.Create(CultureInfo.InvariantCulture,
                $"{record.PredictionId},{PredictionLogFormat.FormatTimestamp(record.Timestamp)},{score:R},{(random.NextDouble() < score ? 1 : 0)},{record.Features[0]},{record.Features[1]},{record.Features[2]}\n"));
        }

        var key = PredictionLogFormat.PredictionKey("bench-model", PredictionLogFormat.DayOf(start), $"batch-{first / Batch:D4}");
        await store.WriteObjectAsync(key, PredictionLogFormat.EncodePredictions(features, batch), CancellationToken.None);
        keys.Add(key);
    }

    var reference = new StringBuilder("income,age,utilization\n");
    for (var i = 0; i < rows / 2; i++)
    {
        reference.Append(CultureInfo.InvariantCulture,
            $"{Math.Round(Normal(random, 47_000, 15_000), 2):R},{Math.Round(Normal(random, 41, 12), 1):R},{Math.Round(random.NextDouble(), 4):R}\n");
    }

    var referencePath = Path.Combine(directory, "reference.csv");
    await File.WriteAllTextAsync(referencePath, reference.ToString());
    await using (var content = File.OpenRead(referencePath))
    {
        var write = await store.WriteAsync("datasets/bench/reference", content, 1L << 32, CancellationToken.None);
        if (write.Stored is null)
        {
            throw new InvalidOperationException($"the reference was refused: {write.Rejection}");
        }
    }

    await File.WriteAllLinesAsync(Path.Combine(directory, "keys.txt"), keys);
    Console.WriteLine($"generated {rows} rows in {keys.Count} prediction objects, a reference of {rows / 2} rows, and window.csv");
}

static double Normal(Random random, double mean, double sd) =>
    mean + (sd * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));

async Task<int> Evaluate(string directory, int runs)
{
    var keys = await File.ReadAllLinesAsync(Path.Combine(directory, "keys.txt"));
    var builder = Host.CreateApplicationBuilder();
    builder.Logging.SetMinimumLevel(LogLevel.Warning);
    var evaluated = new EvaluatedWindows();
    builder.Services.AddSingleton(evaluated);
    builder.AddPlatformBus("monitoring-bench", x => x.AddConsumer<EvaluatedConsumer>());
    using var host = builder.Build();
    await host.StartAsync();
    var bus = host.Services.GetRequiredService<IBus>();
    var metrics = features.SelectMany(f => new[] { MonitoringMetrics.Psi, MonitoringMetrics.JensenShannon, MonitoringMetrics.Ks }
        .Select(m => new MonitoredMetric(m, f, null, null))).Append(new MonitoredMetric(MonitoringMetrics.Volume, null, null, null)).ToList();
    var stamp = DateTime.UtcNow.Ticks;
    MonitoringWindowEvaluated? last = null;
    for (var run = 0; run <= runs; run++)
    {
        var id = $"bench-plan.{stamp}-{run}";
        var job = new EvaluateMonitoringWindow(id, "bench-plan", "bench", "bench-model", null, start, start.AddDays(1), keys, [],
            "datasets/bench/reference", "Csv", null, metrics, DateTimeOffset.UtcNow);
        var clock = Stopwatch.StartNew();
        var done = evaluated.Expect(id);
        await bus.Publish(job);
        last = await done.WaitAsync(TimeSpan.FromMinutes(10));
        clock.Stop();
        Console.WriteLine(run == 0
            ? $"warm-up {clock.Elapsed.TotalSeconds:F3}"
            : $"run {clock.Elapsed.TotalSeconds.ToString("F3", CultureInfo.InvariantCulture)}");
    }

    await File.WriteAllTextAsync(Path.Combine(directory, "evaluated.json"), JsonSerializer.Serialize(last));
    Console.WriteLine($"rows {last!.Rows}; worker {last.Worker}");
    foreach (var value in last.Values)
    {
        Console.WriteLine($"  {value.Metric} {value.Column}: {(value.Value is { } v ? v.ToString("R", CultureInfo.InvariantCulture) : value.Reason)}");
    }

    await host.StopAsync();
    return 0;
}

