using System.Globalization;
using System.Text;
using MassTransit;
using MassTransit.Testing;
using ModelRisk.Contracts.Monitoring.V1;
using ModelRisk.Datasets.Storage.PredictionLogs;
using ModelRisk.TestSupport;
using ModelRisk.Validation.Engine.Classification;
using ModelRisk.Validation.Engine.Drift;
using ModelRisk.Validation.Engine.Fairness;

namespace ModelRisk.ValidationWorker.Tests;

/// <summary>
/// Monitoring windows through the worker's real consumer on a local store: the window's bounds, the join of late,
/// out-of-order and repeated labels, metrics that are undefined with their reasons, values equal to the engine's on the
/// same arrays, malformed objects faulting the job, and a redelivery computing the same values.
/// </summary>
public sealed class MonitoringWindowTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset End = Start.AddHours(1);
    private static readonly string[] Features = ["income", "region"];

    [Fact]
    public async Task A_window_keeps_rows_from_its_start_inclusive_to_its_end_exclusive()
    {
        await using var worker = await StartAsync();
        var key = await PredictionsAsync(worker, "b1",
        [
            Row("before", Start.AddTicks(-1), 0.1, "a", "1", "x"),
            Row("at-start", Start, 0.2, "a", "2", "x"),
            Row("inside", Start.AddMinutes(30), 0.3, "a", "3", "x"),
            Row("last-tick", End.AddTicks(-1), 0.4, "a", "4", "x"),
            Row("at-end", End, 0.5, "a", "5", "x"),
        ]);

        var evaluated = await EvaluateAsync(worker, Job("w-bounds", [key], [], null, null, new MonitoredMetric(MonitoringMetrics.Volume, null, null, null)));

        Assert.Equal(3, evaluated.Rows);
        Assert.Equal(Start, evaluated.FirstPredictionAt);
        Assert.Equal(End.AddTicks(-1), evaluated.LastPredictionAt);
        Assert.Equal(3, Assert.Single(evaluated.Values).Value);
        Assert.Equal("test-worker", evaluated.Worker);
        Assert.Equal("w-bounds", evaluated.EvaluationId);
    }

    [Fact]
    public async Task Late_out_of_order_and_repeated_labels_join_by_id_and_the_latest_observation_wins()
    {
        await using var worker = await StartAsync();
        var predictions = await PredictionsAsync(worker, "b1",
        [
            Row("p1", Start.AddMinutes(1), 0.9, "a", "1", "x"),
            Row("p2", Start.AddMinutes(2), 0.8, "a", "1", "x"),
            Row("p3", Start.AddMinutes(3), 0.2, "a", "1", "x"),
            Row("p4", Start.AddMinutes(4), 0.3, "a", "1", "x"),
            Row("p5", Start.AddMinutes(5), 0.6, "a", "1", "x"),
        ]);

        // p1: the later observation sits in the earlier object and wins (0). p2: the same observation time in two objects,
        // the later key wins (1). p3: relabelled within one object, the later row of the same time wins (0). p4: one
        // label (1). p5: no label. "gone": a label for a prediction outside the window, ignored.
        var early = await LabelsAsync(worker, new DateOnly(2026, 3, 3), "a",
        [
            new LabelRecord("p1", 0, Start.AddHours(30)),
            new LabelRecord("p2", 0, Start.AddHours(20)),
            new LabelRecord("p3", 1, Start.AddHours(20)),
            new LabelRecord("p3", 0, Start.AddHours(20)),
            new LabelRecord("gone", 1, Start.AddHours(20)),
        ]);
        var late = await LabelsAsync(worker, new DateOnly(2026, 3, 4), "b",
        [
            new LabelRecord("p1", 1, Start.AddHours(25)),
            new LabelRecord("p2", 1, Start.AddHours(20)),
            new LabelRecord("p4", 1, Start.AddHours(26)),
        ]);

        // The job lists the later object first: the join follows key order, not the job's order.
        var evaluated = await EvaluateAsync(worker, Job("w-labels", [predictions], [late, early], null, null,
            new MonitoredMetric(MonitoringMetrics.Accuracy, null, null, null),
            new MonitoredMetric(MonitoringMetrics.Brier, null, null, null),
            new MonitoredMetric(MonitoringMetrics.RocAuc, null, null, null)));

        Assert.Equal(5, evaluated.Rows);
        Assert.Equal(4, evaluated.LabelledRows);
        double[] scores = [0.9, 0.8, 0.2, 0.3];
        byte[] labels = [0, 1, 0, 1];
        var expected = BinaryMetrics.Compute(scores, labels, new BinaryOptions(Threshold: 0.5, BootstrapResamples: 0));
        Assert.Equal(0.5, expected.Accuracy.Value);
        Assert.Equal(expected.Accuracy.Value, Value(evaluated, MonitoringMetrics.Accuracy));
        Assert.Equal(expected.Brier.Value, Value(evaluated, MonitoringMetrics.Brier));
        Assert.Equal(expected.RocAuc.Value, Value(evaluated, MonitoringMetrics.RocAuc));
    }

    [Fact]
    public async Task Drift_quality_performance_and_fairness_equal_the_engines_values_on_the_same_rows()
    {
        await using var worker = await StartAsync();
        var random = new Random(7);
        var rows = new List<PredictionRecord>();
        var labels = new List<LabelRecord>();
        for (var i = 0; i < 3_000; i++)
        {
            // A tenth of the rows fall outside the window, some incomes are missing, regions drift towards "south".
            var timestamp = i % 10 == 0 ? End.AddMinutes(i % 7) : Start.AddSeconds(i);
            var score = Math.Round(random.NextDouble(), 3);
            var income = i % 17 == 0 ? null : (40_000 + (random.NextDouble() * 30_000) + (i * 5)).ToString("R", CultureInfo.InvariantCulture);
            var region = random.NextDouble() < 0.6 ? "south" : random.NextDouble() < 0.5 ? "north" : "east";
            rows.Add(new PredictionRecord($"id-{i}", timestamp, score, i % 3 == 0 ? "young" : "old", [income, region]));
            if (i % 2 == 0)
            {
                labels.Add(new LabelRecord($"id-{i}", random.NextDouble() < score ? 1 : 0, timestamp.AddDays(2)));
            }
        }

        var keys = new List<string>();
        for (var part = 0; part < 3; part++)
        {
            keys.Add(await PredictionsAsync(worker, $"b{part}", rows.Skip(part * 1_000).Take(1_000).ToList()));
        }

        var labelKey = await LabelsAsync(worker, new DateOnly(2026, 3, 4), "l1", labels);
        var reference = new StringBuilder("income,region,score\n");
        var referenceIncome = new List<double>();
        for (var i = 0; i < 2_000; i++)
        {
            var income = 40_000 + (random.NextDouble() * 30_000);
            referenceIncome.Add(income);
            reference.Append(CultureInfo.InvariantCulture, $"{income:R},{(i % 3 == 0 ? "south" : i % 3 == 1 ? "north" : "east")},{random.NextDouble():R}\n");
        }

        var referenceKey = await worker.StoreAsync("datasets/acme/reference", reference.ToString());

        var evaluated = await EvaluateAsync(worker, Job("w-drift", keys, [labelKey], referenceKey, "group",
            new MonitoredMetric(MonitoringMetrics.Psi, "income", null, null),
            new MonitoredMetric(MonitoringMetrics.JensenShannon, "income", null, null),
            new MonitoredMetric(MonitoringMetrics.Ks, "income", null, null),
            new MonitoredMetric(MonitoringMetrics.Psi, "region", null, null),
            new MonitoredMetric(MonitoringMetrics.MissingRate, "income", null, null),
            new MonitoredMetric(MonitoringMetrics.OutOfRangeRate, "income", 45_000, 70_000),
            new MonitoredMetric(MonitoringMetrics.RocAuc, null, null, null),
            new MonitoredMetric(MonitoringMetrics.Ece, null, null, null),
            new MonitoredMetric(MonitoringMetrics.DemographicParityDifference, null, null, null),
            new MonitoredMetric(MonitoringMetrics.EqualizedOddsDifference, null, null, null)));

        var window = rows.Where(r => r.Timestamp >= Start && r.Timestamp < End).ToList();
        Assert.Equal(window.Count, evaluated.Rows);
        var incomes = window.Where(r => r.Features[0] is not null).Select(r => double.Parse(r.Features[0]!, CultureInfo.InvariantCulture)).ToArray();
        var drift = NumericDrift.Compute(referenceIncome.ToArray(), incomes);
        Assert.True(drift.Psi.Value > 0.1, $"the test data should drift, PSI {drift.Psi}");
        Assert.Equal(drift.Psi.Value, Value(evaluated, MonitoringMetrics.Psi, "income"));
        Assert.Equal(drift.JsDistance.Value, Value(evaluated, MonitoringMetrics.JensenShannon, "income"));
        Assert.Equal(drift.Ks.Value, Value(evaluated, MonitoringMetrics.Ks, "income"));

        // Categorical drift: the reference's categories first (in its order), then the window's new ones.
        string[] regions = ["south", "north", "east"];
        var referenceRegions = regions.Select(r => (long)Enumerable.Range(0, 2_000).Count(i => regions[i % 3] == r)).ToArray();
        var windowRegions = regions.Select(r => (long)window.Count(w => w.Features[1] == r)).ToArray();
        Assert.Equal(CategoricalDrift.FromCounts(regions, referenceRegions, windowRegions).Psi.Value, Value(evaluated, MonitoringMetrics.Psi, "region"));

        var missing = window.Count(r => r.Features[0] is null);
        Assert.True(missing > 0);
        Assert.Equal((double)missing / window.Count, Value(evaluated, MonitoringMetrics.MissingRate, "income"));
        Assert.Equal((double)incomes.Count(v => v < 45_000 || v > 70_000) / incomes.Length, Value(evaluated, MonitoringMetrics.OutOfRangeRate, "income"));

        var labelled = window.Where(r => labels.Any(l => l.PredictionId == r.PredictionId)).ToList();
        Assert.Equal(labelled.Count, evaluated.LabelledRows);
        var byId = labels.ToDictionary(l => l.PredictionId, l => (byte)l.Label);
        var scores = labelled.Select(r => r.Score).ToArray();
        var outcomes = labelled.Select(r => byId[r.PredictionId]).ToArray();
        var binary = BinaryMetrics.Compute(scores, outcomes, new BinaryOptions(BootstrapResamples: 0));
        Assert.Equal(binary.RocAuc.Value, Value(evaluated, MonitoringMetrics.RocAuc));
        Assert.Equal(binary.Ece.Value, Value(evaluated, MonitoringMetrics.Ece));
        string[] groupNames = ["young", "old"];
        var codes = labelled.Select(r => Array.IndexOf(groupNames, r.Group)).ToArray();
        var fairness = GroupMetrics.Compute(scores, outcomes, codes, groupNames, new GroupOptions(BootstrapResamples: 0)).Fairness;
        Assert.NotNull(fairness.DemographicParityDifference.Value.Value);
        Assert.Equal(fairness.DemographicParityDifference.Value.Value, Value(evaluated, MonitoringMetrics.DemographicParityDifference));
        Assert.Equal(fairness.EqualizedOddsDifference.Value.Value, Value(evaluated, MonitoringMetrics.EqualizedOddsDifference));
    }

    [Fact]
    public async Task A_parquet_reference_is_read_with_the_engines_reader()
    {
        await using var worker = await StartAsync();
        var random = new Random(5);
        var rows = Enumerable.Range(0, 800).Select(i => Row($"p{i}", Start.AddSeconds(i), 0.5, "a",
            (random.NextDouble() * 10).ToString("R", CultureInfo.InvariantCulture), i % 4 == 0 ? "north" : "south")).ToList();
        var key = await PredictionsAsync(worker, "b1", rows);
        var incomes = Enumerable.Range(0, 500).Select(i => (double?)(i % 50 == 0 ? null : random.NextDouble() * 8)).ToArray();
        var regions = Enumerable.Range(0, 500).Select(i => (string?)(i % 2 == 0 ? "north" : "south")).ToArray();
        var path = Path.Combine(Path.GetTempPath(), $"mrp-reference-{Guid.NewGuid():N}.parquet");
        try
        {
            using (var writer = new ParquetSharp.ParquetFileWriter(path, [new ParquetSharp.Column<double?>("income"), new ParquetSharp.Column<string?>("region")]))
            {
                using var group = writer.AppendRowGroup();
                using (var column = group.NextColumn().LogicalWriter<double?>())
                {
                    column.WriteBatch(incomes);
                }

                using (var column = group.NextColumn().LogicalWriter<string?>())
                {
                    column.WriteBatch(regions);
                }

                writer.Close();
            }

            await using var content = File.OpenRead(path);
            Assert.NotNull((await worker.Storage.WriteAsync("datasets/acme/ref-parquet", content, 1L << 30, CancellationToken.None)).Stored);
        }
        finally
        {
            File.Delete(path);
        }

        var evaluated = await EvaluateAsync(worker, Job("w-parquet", [key], [], "datasets/acme/ref-parquet", null,
            new MonitoredMetric(MonitoringMetrics.Ks, "income", null, null),
            new MonitoredMetric(MonitoringMetrics.Psi, "region", null, null)) with { ReferenceFormat = "Parquet" });

        var expected = NumericDrift.Compute(incomes.OfType<double>().ToArray(), rows.Select(r => double.Parse(r.Features[0]!, CultureInfo.InvariantCulture)).ToArray());
        Assert.Equal(expected.Ks.Value, Value(evaluated, MonitoringMetrics.Ks, "income"));
        string[] names = ["north", "south"];
        var categorical = CategoricalDrift.FromCounts(names, [250, 250], [200, 600]);
        Assert.Equal(categorical.Psi.Value, Value(evaluated, MonitoringMetrics.Psi, "region"));
    }

    [Fact]
    public async Task Metrics_that_cannot_be_computed_are_null_with_their_reason_and_the_job_completes()
    {
        await using var worker = await StartAsync();
        var predictions = await PredictionsAsync(worker, "b1",
        [
            Row("p1", Start.AddMinutes(1), 0.9, "a", "1", "x"),
            Row("p2", Start.AddMinutes(2), 0.7, "b", "2", "y"),
        ]);
        var labels = await LabelsAsync(worker, new DateOnly(2026, 3, 2), "l1", [new LabelRecord("p1", 1, End), new LabelRecord("p2", 1, End)]);
        var referenceKey = await worker.StoreAsync("datasets/acme/ref-small", "income,age\n1,2\n3,4\n");

        var evaluated = await EvaluateAsync(worker, Job("w-undefined", [predictions], [labels], referenceKey, null,
            new MonitoredMetric(MonitoringMetrics.RocAuc, null, null, null),
            new MonitoredMetric(MonitoringMetrics.DemographicParityDifference, null, null, null),
            new MonitoredMetric(MonitoringMetrics.Psi, "tenure", null, null),
            new MonitoredMetric(MonitoringMetrics.Psi, "region", null, null),
            new MonitoredMetric(MonitoringMetrics.Ks, "income", null, null),
            new MonitoredMetric(MonitoringMetrics.MissingRate, null, null, null),
            new MonitoredMetric(MonitoringMetrics.OutOfRangeRate, "income", null, null),
            new MonitoredMetric("latency_p99", null, null, null),
            new MonitoredMetric(MonitoringMetrics.Accuracy, null, null, null)));

        Assert.Equal(2, evaluated.LabelledRows);
        Assert.Equal("only one class is present", Reason(evaluated, MonitoringMetrics.RocAuc));
        Assert.Contains("group column", Reason(evaluated, MonitoringMetrics.DemographicParityDifference), StringComparison.Ordinal);
        Assert.Contains("'tenure' is in none of the window's prediction objects", Reason(evaluated, MonitoringMetrics.Psi, "tenure"), StringComparison.Ordinal);
        Assert.Contains("'region' is not in the reference dataset", Reason(evaluated, MonitoringMetrics.Psi, "region"), StringComparison.Ordinal);
        Assert.NotNull(Value(evaluated, MonitoringMetrics.Ks, "income"));
        Assert.Contains("needs a column", Reason(evaluated, MonitoringMetrics.MissingRate), StringComparison.Ordinal);
        Assert.Contains("needs a Min or a Max", Reason(evaluated, MonitoringMetrics.OutOfRangeRate, "income"), StringComparison.Ordinal);
        Assert.Contains("not a metric the workers compute", Reason(evaluated, "latency_p99"), StringComparison.Ordinal);
        Assert.Equal(1.0, Value(evaluated, MonitoringMetrics.Accuracy));

        // No labels named, and an empty window.
        var unlabelled = await EvaluateAsync(worker, Job("w-unlabelled", [predictions], [], null, null, new MonitoredMetric(MonitoringMetrics.Brier, null, null, null)));
        Assert.Contains("no label objects", Reason(unlabelled, MonitoringMetrics.Brier), StringComparison.Ordinal);
        var empty = await EvaluateAsync(worker, Job("w-empty", [predictions], [labels], referenceKey, null,
            new MonitoredMetric(MonitoringMetrics.Volume, null, null, null),
            new MonitoredMetric(MonitoringMetrics.Psi, "income", null, null),
            new MonitoredMetric(MonitoringMetrics.Brier, null, null, null)) with { WindowStart = End, WindowEnd = End.AddHours(1) });
        Assert.Equal(0, empty.Rows);
        Assert.Null(empty.FirstPredictionAt);
        Assert.Equal(0, Value(empty, MonitoringMetrics.Volume));
        Assert.Equal("the window has no prediction rows", Reason(empty, MonitoringMetrics.Psi, "income"));
        Assert.Equal("the window has no prediction rows", Reason(empty, MonitoringMetrics.Brier));
    }

    [Theory]
    [InlineData("prediction_id,time,score,group,income\np1,2026-03-02T00:01:00.0000000Z,0.5,a,1\n", "header column 2 is 'time', expected 'timestamp'")]
    [InlineData("prediction_id,timestamp,score,group,income\np1,2026-03-02T00:01:00.0000000Z,0.5,a\n", "record 2: has 4 cells but the header names 5 columns")]
    [InlineData("prediction_id,timestamp,score,group,income\np1,yesterday,0.5,a,1\n", "record 2: 'timestamp' 'yesterday' is not an ISO 8601 timestamp")]
    [InlineData("prediction_id,timestamp,score,group,income\np1,2026-03-02T00:01:00.0000000Z,high,a,1\n", "'score' 'high' is not a finite number")]
    [InlineData("prediction_id,timestamp,score,group,income\n\"p1,2026-03-02T00:01:00.0000000Z,0.5,a,1\n", "a quoted cell is not closed")]
    public async Task A_malformed_prediction_object_faults_the_job_with_the_object_and_the_reason(string content, string reason)
    {
        await using var worker = await StartAsync();
        var key = PredictionLogFormat.PredictionKey("model-1", new DateOnly(2026, 3, 2), "bad");
        await worker.Storage.WriteObjectAsync(key, Encoding.UTF8.GetBytes(content), CancellationToken.None);

        var message = await FaultAsync(worker, Job("w-bad", [key], [], null, null, new MonitoredMetric(MonitoringMetrics.Volume, null, null, null)));

        Assert.Contains(key, message, StringComparison.Ordinal);
        Assert.Contains(reason, message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_label_object_faults_the_job()
    {
        await using var worker = await StartAsync();
        var predictions = await PredictionsAsync(worker, "b1", [Row("p1", Start.AddMinutes(1), 0.9, "a", "1", "x")]);
        var key = PredictionLogFormat.LabelKey("model-1", new DateOnly(2026, 3, 2), "bad");
        await worker.Storage.WriteObjectAsync(key, Encoding.UTF8.GetBytes("prediction_id,label,observed_at\np1,yes,2026-03-02T00:01:00Z\n"), CancellationToken.None);

        var message = await FaultAsync(worker, Job("w-bad-label", [predictions], [key], null, null, new MonitoredMetric(MonitoringMetrics.Accuracy, null, null, null)));

        Assert.Contains($"{key}: record 2: 'label' 'yes' is not 0 or 1", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_redelivered_job_computes_the_same_values()
    {
        await using var worker = await StartAsync();
        var random = new Random(11);
        var keys = new List<string>();
        for (var part = 0; part < 2; part++)
        {
            var rows = Enumerable.Range(0, 500).Select(i => Row($"p{part}-{i}", Start.AddSeconds(i * 7), Math.Round(random.NextDouble(), 2), i % 2 == 0 ? "a" : "b",
                (random.NextDouble() * 100).ToString("R", CultureInfo.InvariantCulture), "x")).ToList();
            keys.Add(await PredictionsAsync(worker, $"b{part}", rows));
        }

        var referenceKey = await worker.StoreAsync("datasets/acme/ref-redeliver",
            "income\n" + string.Concat(Enumerable.Range(0, 300).Select(i => (i * 0.37).ToString("R", CultureInfo.InvariantCulture) + "\n")));
        var job = Job("w-again", keys, [], referenceKey, null,
            new MonitoredMetric(MonitoringMetrics.Psi, "income", null, null),
            new MonitoredMetric(MonitoringMetrics.Ks, "income", null, null),
            new MonitoredMetric(MonitoringMetrics.Volume, null, null, null));

        var first = await EvaluateAsync(worker, job);
        await worker.Harness.Bus.Publish(job with { PredictionKeys = [.. keys.AsEnumerable().Reverse()] });
        await Wait.UntilAsync(() => worker.Harness.Published.Select<MonitoringWindowEvaluated>().Count(m => m.Context.Message.EvaluationId == "w-again") == 2, "the second delivery reports");
        var second = worker.Harness.Published.Select<MonitoringWindowEvaluated>().Select(m => m.Context.Message).Where(m => m.EvaluationId == "w-again").Last();

        Assert.Equal(1_000, first.Rows);
        Assert.NotNull(Value(first, MonitoringMetrics.Psi, "income"));
        Assert.Equal(first.Rows, second.Rows);
        Assert.Equal(first.Values, second.Values);
    }

    [Fact]
    public async Task A_window_beyond_the_memory_budget_leaves_drift_undefined_and_keeps_its_counts_exact()
    {
        // 16 MiB budget: the window's half holds 8 MiB / 24 B = 349,525 drift values; this window has 360,000.
        await using var worker = await StartAsync(new WorkerFactory { JobMemoryBudgetBytes = 16L * 1024 * 1024 });
        const int Rows = 360_000;
        var keys = new List<string>();
        for (var part = 0; part < 4; part++)
        {
            var rows = Enumerable.Range(part * (Rows / 4), Rows / 4)
                .Select(i => Row($"p{i}", Start.AddTicks(i * 10_000L), 0.5, "a", i % 100 == 0 ? null : (i % 1000).ToString(CultureInfo.InvariantCulture), "x"))
                .ToList();
            keys.Add(await PredictionsAsync(worker, $"b{part}", rows));
        }

        var referenceKey = await worker.StoreAsync("datasets/acme/ref-budget", "income\n1\n2\n3\n");

        var evaluated = await EvaluateAsync(worker, Job("w-budget", keys, [], referenceKey, null,
            new MonitoredMetric(MonitoringMetrics.Psi, "income", null, null),
            new MonitoredMetric(MonitoringMetrics.MissingRate, "income", null, null),
            new MonitoredMetric(MonitoringMetrics.Volume, null, null, null)));

        Assert.Equal(Rows, evaluated.Rows);
        Assert.Contains("memory budget", Reason(evaluated, MonitoringMetrics.Psi, "income"), StringComparison.Ordinal);
        Assert.Equal(0.01, Value(evaluated, MonitoringMetrics.MissingRate, "income"));
        Assert.Equal(Rows, Value(evaluated, MonitoringMetrics.Volume));
    }

    private static async Task<WorkerFactory> StartAsync(WorkerFactory? factory = null)
    {
        var worker = factory ?? new WorkerFactory();
        await worker.Harness.Start();
        return worker;
    }

    private static PredictionRecord Row(string id, DateTimeOffset at, double score, string group, string? income, string? region) =>
        new(id, at, score, group, [income, region]);

    private static async Task<string> PredictionsAsync(WorkerFactory worker, string batch, IReadOnlyList<PredictionRecord> rows)
    {
        var key = PredictionLogFormat.PredictionKey("model-1", PredictionLogFormat.DayOf(Start), batch);
        await worker.Storage.WriteObjectAsync(key, PredictionLogFormat.EncodePredictions(Features, rows), CancellationToken.None);
        return key;
    }

    private static async Task<string> LabelsAsync(WorkerFactory worker, DateOnly day, string batch, IReadOnlyList<LabelRecord> labels)
    {
        var key = PredictionLogFormat.LabelKey("model-1", day, batch);
        await worker.Storage.WriteObjectAsync(key, PredictionLogFormat.EncodeLabels(labels), CancellationToken.None);
        return key;
    }

    private static EvaluateMonitoringWindow Job(
        string id, IReadOnlyList<string> predictions, IReadOnlyList<string> labels, string? referenceKey, string? groupColumn, params MonitoredMetric[] metrics) =>
        new(id, "plan-1", "acme", "model-1", null, Start, End, predictions, labels, referenceKey, referenceKey is null ? null : "Csv", groupColumn, metrics, DateTimeOffset.UtcNow);

    private static async Task<MonitoringWindowEvaluated> EvaluateAsync(WorkerFactory worker, EvaluateMonitoringWindow job)
    {
        await worker.Harness.Bus.Publish(job);
        await Wait.UntilAsync(
            () => Evaluated(worker, job.EvaluationId) is not null || worker.Harness.Published.Select<Fault<EvaluateMonitoringWindow>>().Any(f => f.Context.Message.Message.EvaluationId == job.EvaluationId),
            $"evaluation {job.EvaluationId} reports");
        var fault = worker.Harness.Published.Select<Fault<EvaluateMonitoringWindow>>().FirstOrDefault(f => f.Context.Message.Message.EvaluationId == job.EvaluationId);
        Assert.True(fault is null, fault?.Context.Message.Exceptions[0].Message);
        return Evaluated(worker, job.EvaluationId)!;
    }

    private static MonitoringWindowEvaluated? Evaluated(WorkerFactory worker, string id) =>
        worker.Harness.Published.Select<MonitoringWindowEvaluated>().Select(m => m.Context.Message).FirstOrDefault(m => m.EvaluationId == id);

    private static async Task<string> FaultAsync(WorkerFactory worker, EvaluateMonitoringWindow job)
    {
        await worker.Harness.Bus.Publish(job);
        await Wait.UntilAsync(() => worker.Harness.Published.Select<Fault<EvaluateMonitoringWindow>>().Any(), "the job faults");
        Assert.Null(Evaluated(worker, job.EvaluationId));
        var exception = Assert.Single(worker.Harness.Published.Select<Fault<EvaluateMonitoringWindow>>().Single().Context.Message.Exceptions);
        Assert.Equal(typeof(PredictionLogException).FullName, exception.ExceptionType);
        return exception.Message;
    }

    private static double? Value(MonitoringWindowEvaluated evaluated, string metric, string? column = null) => Find(evaluated, metric, column).Value;

    private static string Reason(MonitoringWindowEvaluated evaluated, string metric, string? column = null)
    {
        var value = Find(evaluated, metric, column);
        Assert.Null(value.Value);
        return Assert.IsType<string>(value.Reason);
    }

    private static WindowMetricValue Find(MonitoringWindowEvaluated evaluated, string metric, string? column) =>
        Assert.Single(evaluated.Values, v => v.Metric == metric && v.Column == column);
}
