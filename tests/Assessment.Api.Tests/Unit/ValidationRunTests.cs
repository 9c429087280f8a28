using ModelRisk.Assessment.Models.Runs;
using ModelRisk.Contracts.Findings.V1;
using ModelRisk.Contracts.Validation.V1;

namespace ModelRisk.Assessment.Api.Tests.Unit;

/// <summary>
/// The run's reactions to the workers' reports, which may arrive twice, late or out of order: each outcome happens once,
/// and a report that does not fit the run's state changes nothing.
/// </summary>
public sealed class ValidationRunTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Submitting_queues_the_plan_job_with_the_whole_specification()
    {
        var run = Submit();

        var job = Assert.IsType<PlanValidationRun>(Assert.Single(run.PendingEvents));
        Assert.Equal(run.Id, job.RunId);
        Assert.Equal("datasets/acme/d1", job.Spec.DataKey);
        Assert.Equal("tests: []", job.Spec.PlanText);
        Assert.Equal(ValidationRunState.Queued, run.State);
    }

    [Fact]
    public void A_plan_records_one_row_per_shard_and_queues_a_job_for_each_once()
    {
        var run = Submit();
        var shards = Ranges(3);

        Assert.True(run.Planned(shards, Now));
        Assert.False(run.Planned(shards, Now));

        Assert.Equal(ValidationRunState.Running, run.State);
        Assert.Equal(3, run.ShardCount);
        Assert.Equal([0, 1, 2], run.Shards.Select(s => s.Index));
        Assert.Equal([0, 1, 2], run.PendingEvents.OfType<ValidateShard>().Select(j => j.Index));
        Assert.All(run.PendingEvents.OfType<ValidateShard>(), j => Assert.Equal(3, j.Count));
    }

    [Fact]
    public void A_plan_with_a_gap_in_its_shard_numbers_is_refused()
    {
        var run = Submit();

        Assert.Throws<InvalidOperationException>(() => run.Planned([new ValidationShardRange(0, "Bytes", 0, 10), new ValidationShardRange(2, "Bytes", 10, 20)], Now));
        Assert.Equal(ValidationRunState.Queued, run.State);
    }

    [Fact]
    public void The_last_shard_queues_the_merge_once_whatever_the_order_and_repeats_of_the_reports()
    {
        var run = Submit();
        run.Planned(Ranges(3), Now);

        Assert.True(run.ShardCompleted(2, 10, "w1", Now));
        Assert.False(run.ShardCompleted(2, 10, "w2", Now));
        Assert.True(run.ShardCompleted(0, 20, "w2", Now));
        Assert.Empty(run.PendingEvents.OfType<MergeValidationRun>());
        Assert.False(run.ShardCompleted(7, 5, "w1", Now));
        Assert.True(run.ShardCompleted(1, 30, "w1", Now));
        Assert.False(run.ShardCompleted(1, 30, "w2", Now));

        var merge = Assert.Single(run.PendingEvents.OfType<MergeValidationRun>());
        Assert.Equal(3, merge.ShardCount);
        Assert.Equal(ValidationRunState.Merging, run.State);
        Assert.Equal(60, run.RowsRead);
        Assert.Equal(3, run.ShardsDone);
    }

    [Fact]
    public void A_shard_report_before_the_plan_changes_nothing()
    {
        var run = Submit();

        Assert.False(run.ShardCompleted(0, 10, "w1", Now));
        Assert.Equal(0, run.ShardsDone);
    }

    [Fact]
    public void A_result_succeeds_the_run_once_and_raises_a_finding_per_failed_test_keyed_by_run_and_test()
    {
        var run = Submit();
        var result = Result(run.Id, ("Discrimination", "Pass", "Critical"), ("Calibration error", "Fail", "High"), ("Separation", "Warn", "Medium"),
            ("Fairness", "Fail", "Critical"));

        Assert.True(run.Succeeded(result, Now));
        Assert.False(run.Succeeded(result, Now));
        Assert.False(run.Failed("late fault", Now));

        Assert.Equal(ValidationRunState.Succeeded, run.State);
        var completed = Assert.Single(run.PendingEvents.OfType<ValidationCompleted>());
        Assert.Equal(("Failed", 1, 1, 2), (completed.Outcome, completed.TestsPassed, completed.TestsWarned, completed.TestsFailed));
        Assert.Equal(["Calibration error", "Fairness"], completed.FailedTests);
        var findings = run.PendingEvents.OfType<FindingRaised>().ToList();
        Assert.Equal([$"validation-run/{run.Id}/test/Calibration error", $"validation-run/{run.Id}/test/Fairness"], findings.Select(f => f.SourceKey));
        Assert.Equal(["High", "Critical"], findings.Select(f => f.Severity));
        Assert.All(findings, f => Assert.Equal(("ValidationTest", "olivia.owner", "review-1"), (f.Source, f.SuggestedOwner, f.ReviewId)));
    }

    [Fact]
    public void A_result_that_arrives_while_shards_are_still_running_is_ignored()
    {
        var run = Submit();
        run.Planned(Ranges(2), Now);

        Assert.False(run.Succeeded(Result(run.Id), Now));
        Assert.Equal(ValidationRunState.Running, run.State);
    }

    [Fact]
    public void A_fault_fails_the_run_once_with_its_reason_and_nothing_moves_it_afterwards()
    {
        var run = Submit();
        run.Planned(Ranges(2), Now);

        Assert.True(run.Failed("scores.csv: column 'label' has a label other than 0/1 at row 1501", Now));
        Assert.False(run.Failed("another shard's fault", Now));
        Assert.False(run.ShardCompleted(0, 10, "w1", Now));
        Assert.False(run.Succeeded(Result(run.Id), Now));
        Assert.NotNull(run.Cancel("riley.analyst", Now));

        Assert.Equal(ValidationRunState.Failed, run.State);
        Assert.Contains("row 1501", run.FailureReason, StringComparison.Ordinal);
        var completed = Assert.Single(run.PendingEvents.OfType<ValidationCompleted>());
        Assert.Equal("Errored", completed.Outcome);
    }

    [Fact]
    public void A_cancelled_run_ignores_every_later_report()
    {
        var run = Submit();
        run.Planned(Ranges(2), Now);

        Assert.Null(run.Cancel("riley.analyst", Now));
        Assert.False(run.ShardCompleted(0, 10, "w1", Now));
        Assert.False(run.Succeeded(Result(run.Id), Now));
        Assert.False(run.Failed("late", Now));

        Assert.Equal(ValidationRunState.Cancelled, run.State);
        Assert.Single(run.PendingEvents.OfType<ValidationRunCancelled>());
        Assert.Empty(run.PendingEvents.OfType<ValidationCompleted>());
    }

    [Fact]
    public void A_long_failure_reason_is_cut_to_what_the_column_holds()
    {
        var run = Submit();

        run.Failed(new string('x', ValidationRun.MaxReasonLength + 500), Now);

        Assert.Equal(ValidationRun.MaxReasonLength, run.FailureReason!.Length);
    }

    private static ValidationRun Submit()
    {
        var spec = new ValidationRunSpecification("d1", null, "score", "label", null, [], 0.5, "High risk tier", false, "tests: []");
        var jobSpec = new ValidationRunSpec("datasets/acme/d1", "Csv", null, null, "score", "label", null, [], 0.5, "tests: []");
        return ValidationRun.Submit("acme-lending", "review-1", "model-1", "version-1", "olivia.owner", spec, jobSpec, "riley.analyst", Now);
    }

    private static List<ValidationShardRange> Ranges(int count) =>
        [.. Enumerable.Range(0, count).Select(i => new ValidationShardRange(i, "Bytes", i * 100L, (i + 1) * 100L))];

    private static ValidationRunResultReady Result(string runId, params (string Name, string Status, string Severity)[] tests) =>
        new(runId, 60, ValidationRunKeys.Result(runId), new string('a', 64), ValidationRunKeys.Report(runId), "{}",
            [.. tests.Select(t => new ValidationTestOutcome(t.Name, "metric", t.Status, t.Severity, 0.5, null))], "w1", Now);
}
