using System.Globalization;
using System.Text;
using MassTransit;
using MassTransit.Testing;
using ModelRisk.Contracts.Validation.V1;
using ModelRisk.Validation.Engine.Plans;
using ModelRisk.Validation.Engine.Running;
using ModelRisk.Validation.Engine.Sharding;
using ModelRisk.TestSupport;

namespace ModelRisk.ValidationWorker.Tests;

/// <summary>
/// The worker's jobs on real files through its real consumers: a small run in one pass, a large one split, shards whose
/// statistics merge into the one-pass result, bad data faulting the job, and a cancelled run costing nothing.
/// </summary>
public sealed class JobTests
{
    private static readonly string PlanText = TestPlanLoader.TierPlanText(RiskTier.Medium);

    [Fact]
    public async Task A_small_dataset_is_validated_in_one_pass_and_its_result_and_report_are_stored()
    {
        await using var worker = new WorkerFactory();
        await worker.Harness.Start();
        var key = await worker.StoreAsync("datasets/acme/small", Csv(2_000, seed: 1));

        await worker.Harness.Bus.Publish(new PlanValidationRun("run-small", "acme", Spec(key), DateTimeOffset.UtcNow));

        await Wait.UntilAsync(() => worker.Harness.Published.Select<ValidationRunResultReady>().Any(m => m.Context.Message.RunId == "run-small"), "the result is ready");
        var ready = worker.Harness.Published.Select<ValidationRunResultReady>().Single(m => m.Context.Message.RunId == "run-small").Context.Message;
        Assert.Equal(2_000, ready.Rows);
        Assert.Equal("test-worker", ready.Worker);
        Assert.Equal(ValidationRunKeys.Result("run-small"), ready.ResultKey);
        Assert.NotNull(await worker.Storage.GetSizeAsync(ready.ReportKey, CancellationToken.None));
        await using var stored = await worker.Storage.OpenReadAsync(ready.ResultKey);
        var json = await new StreamReader(stored).ReadToEndAsync();
        Assert.Equal(ready.ResultJson, json);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(json))), ready.ResultSha256);
        Assert.Contains(ready.Tests, t => t.Name == "Discrimination");
        Assert.False(await worker.Harness.Published.Any<ValidationRunPlanned>());
    }

    [Fact]
    public async Task A_large_dataset_is_split_and_its_shards_merge_into_the_one_pass_result()
    {
        await using var worker = new WorkerFactory { ShardBytes = 20_000 };
        await worker.Harness.Start();
        var csv = Csv(5_000, seed: 2);
        var key = await worker.StoreAsync("datasets/acme/large", csv);
        var spec = Spec(key);

        await worker.Harness.Bus.Publish(new PlanValidationRun("run-large", "acme", spec, DateTimeOffset.UtcNow));
        await Wait.UntilAsync(() => worker.Harness.Published.Select<ValidationRunPlanned>().Any(m => m.Context.Message.RunId == "run-large"), "the run is planned");
        var planned = worker.Harness.Published.Select<ValidationRunPlanned>().Single().Context.Message;
        Assert.True(planned.Shards.Count > 3, $"expected several shards, got {planned.Shards.Count}");

        foreach (var shard in planned.Shards)
        {
            await worker.Harness.Bus.Publish(new ValidateShard("run-large", "acme", spec, shard.Index, planned.Shards.Count, shard.Unit, shard.Start, shard.End));
        }
        await Wait.UntilAsync(() => worker.Harness.Published.Select<ValidationShardCompleted>().Select(m => m.Context.Message.Index).Distinct().Count() == planned.Shards.Count,
            "every shard reports");
        Assert.Equal(5_000, worker.Harness.Published.Select<ValidationShardCompleted>().Sum(m => m.Context.Message.Rows));

        await worker.Harness.Bus.Publish(new MergeValidationRun("run-large", "acme", spec, planned.Shards.Count));
        await Wait.UntilAsync(() => worker.Harness.Published.Select<ValidationRunResultReady>().Any() || worker.Harness.Published.Select<Fault<MergeValidationRun>>().Any(),
            "the merge reports");
        Assert.Empty(worker.Harness.Published.Select<Fault<MergeValidationRun>>().Select(f => f.Context.Message.Exceptions[0].Message));
        var merged = worker.Harness.Published.Select<ValidationRunResultReady>().Single().Context.Message;
        Assert.Equal(OnePass(csv, "large"), merged.ResultJson);
    }

    [Fact]
    public async Task Bad_data_faults_the_job_with_the_engines_reason()
    {
        await using var worker = new WorkerFactory();
        await worker.Harness.Start();
        var key = await worker.StoreAsync("datasets/acme/bad", "score,label\n0.2,0\n0.7,1\n1.5,1\n");

        await worker.Harness.Bus.Publish(new PlanValidationRun("run-bad", "acme", Spec(key) with { GroupColumn = null }, DateTimeOffset.UtcNow));

        await Wait.UntilAsync(() => worker.Harness.Published.Select<Fault<PlanValidationRun>>().Any(), "the job faults");
        var fault = worker.Harness.Published.Select<Fault<PlanValidationRun>>().Single().Context.Message;
        var exception = Assert.Single(fault.Exceptions);
        Assert.Equal("ModelRisk.Validation.Engine.Data.InputException", exception.ExceptionType);
        Assert.Contains("outside [0, 1]", exception.Message, StringComparison.Ordinal);
        Assert.False(await worker.Harness.Published.Any<ValidationRunResultReady>());
    }

    [Fact]
    public async Task A_cancelled_run_is_not_computed()
    {
        await using var worker = new WorkerFactory();
        await worker.Harness.Start();
        var key = await worker.StoreAsync("datasets/acme/cancelled", Csv(500, seed: 3));
        await worker.Storage.WriteObjectAsync(ValidationRunKeys.Cancelled("run-cancelled"), ReadOnlyMemory<byte>.Empty, CancellationToken.None);

        await worker.Harness.Bus.Publish(new PlanValidationRun("run-cancelled", "acme", Spec(key), DateTimeOffset.UtcNow));

        await Wait.UntilAsync(() => worker.Harness.Consumed.Select<PlanValidationRun>().Any(), "the job is consumed");
        Assert.False(await worker.Harness.Published.Any<ValidationRunResultReady>());
        Assert.False(await worker.Harness.Published.Any<ValidationRunPlanned>());
        Assert.False(await worker.Harness.Published.Any<Fault<PlanValidationRun>>());
    }

    private static ValidationRunSpec Spec(string key) => new(key, "Csv", null, null, "score", "label", "segment", [], 0.5, PlanText);

    /// <summary>Scores with ties, labels, and a group column with a rare group.</summary>
    private static string Csv(int rows, int seed)
    {
        var random = new Random(seed);
        var text = new StringBuilder("score,label,segment\n");
        for (var i = 0; i < rows; i++)
        {
            var score = Math.Round(random.NextDouble(), 2);
            text.Append(CultureInfo.InvariantCulture, $"{score},{(random.NextDouble() < score ? 1 : 0)},{(random.NextDouble() < 0.05 ? "rare" : "common")}\n");
        }
        return text.ToString();
    }

    private static string OnePass(string csv, string name)
    {
        var directory = Directory.CreateTempSubdirectory("mrp-onepass-");
        try
        {
            var path = Path.Combine(directory.FullName, name + ".csv");
            File.WriteAllText(path, csv);
            var request = new ValidationRequest(path, "score", "label", "segment", 0.5, Plan: TestPlanLoader.ParseText(PlanText, "run plan"),
                Options: new ValidationOptions(MemoryBudgetBytes: 256L * 1024 * 1024));
            return ValidationJsonWriter.ToJson(new ValidationRunner().Run(request));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
