using System.Globalization;
using System.Text.Json;
using ModelRisk.Assessment.Models.Log;
using ModelRisk.Contracts.Findings.V1;
using ModelRisk.Contracts.Validation.V1;
using ModelRisk.ServiceKit.Http;
using ModelRisk.ServiceKit.Domain;

namespace ModelRisk.Assessment.Models.Runs;

/// <summary>
/// An independent validation of a review's model version on a dataset, computed by the validation workers. The run
/// coordinates its shards: it records each shard once, queues the merge when the last one reports, and turns the
/// result into evidence, a <see cref="ValidationCompleted"/> event and a <see cref="FindingRaised"/> per failed test.
/// Every message it reacts to may arrive twice or late; a report that does not fit the current state changes nothing.
/// </summary>
public sealed class ValidationRun : LoggedAggregate, IOrgOwned
{
    private List<ValidationRunShard> _shards = [];
    private List<ValidationTestRecord> _tests = [];

    public string Org { get; private set; } = "";
    public string ReviewId { get; private set; } = "";
    public string ModelId { get; private set; } = "";
    public string ModelVersionId { get; private set; } = "";
    public string? ModelOwner { get; private set; }
    public string DatasetId { get; private set; } = "";
    public string? ReferenceDatasetId { get; private set; }
    public string ScoreColumn { get; private set; } = "";
    public string LabelColumn { get; private set; } = "";
    public string? GroupColumn { get; private set; }
    public List<string> DriftColumns { get; private set; } = [];
    public double Threshold { get; private set; }
    public string PlanName { get; private set; } = "";
    public bool CustomPlan { get; private set; }

    /// <summary>The job specification every worker message carries (storage keys, columns, plan text), as JSON.</summary>
    public string JobSpecJson { get; private set; } = "";

    public ValidationRunState State { get; private set; }
    public int? ShardCount { get; private set; }
    public int ShardsDone { get; private set; }
    public long RowsRead { get; private set; }
    public string? ResultJson { get; private set; }
    public string? ResultSha256 { get; private set; }
    public string? ReportKey { get; private set; }
    public string? FailureReason { get; private set; }
    public IReadOnlyList<ValidationTestRecord> Tests => _tests;
    public IReadOnlyList<ValidationRunShard> Shards => _shards;
    public string SubmittedBy { get; private set; } = "";
    public DateTimeOffset SubmittedAt { get; private set; }
    public DateTimeOffset? FinishedAt { get; private set; }
    public string? CancelledBy { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    public bool IsFinished => State is ValidationRunState.Succeeded or ValidationRunState.Failed or ValidationRunState.Cancelled;

    public ValidationRunSpec JobSpec => JsonSerializer.Deserialize<ValidationRunSpec>(JobSpecJson)
        ?? throw new InvalidOperationException($"run {Id} has no job specification");

    public static ValidationRun Submit(
        string org, string reviewId, string modelId, string modelVersionId, string? modelOwner,
        ValidationRunSpecification specification, ValidationRunSpec jobSpec, string actor, DateTimeOffset now)
    {
        var run = new ValidationRun
        {
            Id = NewId(),
            Org = org,
            ReviewId = reviewId,
            ModelId = modelId,
            ModelVersionId = modelVersionId,
            ModelOwner = modelOwner,
            DatasetId = specification.DatasetId,
            ReferenceDatasetId = specification.ReferenceDatasetId,
            ScoreColumn = specification.ScoreColumn,
            LabelColumn = specification.LabelColumn,
            GroupColumn = specification.GroupColumn,
            DriftColumns = [.. specification.DriftColumns],
            Threshold = specification.Threshold,
            PlanName = specification.PlanName,
            CustomPlan = specification.CustomPlan,
            JobSpecJson = JsonSerializer.Serialize(jobSpec),
            State = ValidationRunState.Queued,
            SubmittedBy = actor,
            SubmittedAt = now,
            UpdatedAt = now,
        };
        run.Raise(new PlanValidationRun(run.Id, org, jobSpec, now));
        run.Log("validation-run-submitted", actor, now, new
        {
            run.ReviewId, run.DatasetId, run.ReferenceDatasetId, run.PlanName, run.CustomPlan, PlanSha256 = Sha256(jobSpec.PlanText),
        });
        return run;
    }

    /// <summary>The worker split the data. A second report of the plan (a redelivered job) changes nothing.</summary>
    public bool Planned(IReadOnlyList<ValidationShardRange> shards, DateTimeOffset now)
    {
        if (State != ValidationRunState.Queued || shards.Count == 0)
        {
            return false;
        }

        var indexes = shards.Select(s => s.Index).Order().ToList();
        if (!indexes.SequenceEqual(Enumerable.Range(0, shards.Count)))
        {
            throw new InvalidOperationException($"run {Id}: the planned shards are not numbered 0..{shards.Count - 1}");
        }

        var spec = JobSpec;
        _shards = [.. shards.OrderBy(s => s.Index).Select(s => ValidationRunShard.For(Id, s.Index, s.Unit, s.Start, s.End))];
        ShardCount = shards.Count;
        State = ValidationRunState.Running;
        foreach (var shard in _shards)
        {
            Raise(new ValidateShard(Id, Org, spec, shard.Index, shards.Count, shard.Unit, shard.Start, shard.End));
        }

        Changed(now);
        return true;
    }

    /// <summary>A shard's statistics are in. The last one queues the merge; a shard reported twice counts once.</summary>
    public bool ShardCompleted(int index, long rows, string worker, DateTimeOffset now)
    {
        if (State != ValidationRunState.Running)
        {
            return false;
        }

        var shard = _shards.FirstOrDefault(s => s.Index == index);
        if (shard is null || shard.Done)
        {
            return false;
        }

        shard.Complete(rows, worker, now);
        ShardsDone++;
        RowsRead += rows;
        if (ShardsDone == ShardCount)
        {
            State = ValidationRunState.Merging;
            Raise(new MergeValidationRun(Id, Org, JobSpec, ShardsDone));
        }

        Changed(now);
        return true;
    }

    /// <summary>The result is in: the run succeeds once, and announces itself and each failed test.</summary>
    public bool Succeeded(ValidationRunResultReady result, DateTimeOffset now)
    {
        if (State is not (ValidationRunState.Queued or ValidationRunState.Merging))
        {
            return false;
        }

        State = ValidationRunState.Succeeded;
        RowsRead = result.Rows;
        ResultJson = result.ResultJson;
        ResultSha256 = result.ResultSha256;
        ReportKey = result.ReportKey;
        _tests = [.. result.Tests.Select(t => new ValidationTestRecord(t.Name, t.Metric, t.Status, t.Severity, t.Value, t.Reason))];
        if (ShardCount is null)
        {
            ShardCount = 1;
            ShardsDone = 1;
        }

        FinishedAt = now;
        var failed = _tests.Where(t => t.Status == "Fail").ToList();
        Raise(new ValidationCompleted(Id, ReviewId, ModelId, ModelVersionId, Org, failed.Count > 0 ? "Failed" : "Passed", null, RowsRead, PlanName,
            _tests.Count(t => t.Status == "Pass"), _tests.Count(t => t.Status == "Warn"), failed.Count, [.. failed.Select(t => t.Name)], ResultSha256, now));
        foreach (var test in failed)
        {
            Raise(new FindingRaised(
                $"validation-run/{Id}/test/{test.Name}",
                "ValidationTest",
                Org,
                ModelId,
                ModelVersionId,
                ReviewId,
                $"Validation test failed: {test.Name}",
                $"Plan '{PlanName}', metric {test.Metric} = {Format(test.Value)} on {RowsRead} rows of dataset {DatasetId}." + (test.Reason is { } reason ? " " + reason : ""),
                test.Severity,
                $"The plan gives the test '{test.Name}' severity {test.Severity}.",
                ModelOwner,
                "validation-run/" + Id,
                now));
        }

        Log("validation-run-succeeded", "validation-worker:" + result.Worker, now, new { ResultSha256, RowsRead, Failed = failed.Select(t => t.Name).ToList() });
        Changed(now);
        return true;
    }

    /// <summary>The data could not be validated (after the worker's retries): the reason is shown and announced once.</summary>
    public bool Failed(string reason, DateTimeOffset now)
    {
        if (IsFinished)
        {
            return false;
        }

        State = ValidationRunState.Failed;
        FailureReason = reason.Length <= MaxReasonLength ? reason : reason[..MaxReasonLength];
        FinishedAt = now;
        Raise(new ValidationCompleted(Id, ReviewId, ModelId, ModelVersionId, Org, "Errored", FailureReason, RowsRead, PlanName, 0, 0, 0, [], null, now));
        Log("validation-run-failed", "validation-worker", now, new { FailureReason });
        Changed(now);
        return true;
    }

    public Refusal? Cancel(string actor, DateTimeOffset now)
    {
        if (IsFinished)
        {
            return Refusal.IllegalTransition($"A {State} run cannot be cancelled.");
        }

        State = ValidationRunState.Cancelled;
        CancelledBy = actor;
        FinishedAt = now;
        Raise(new ValidationRunCancelled(Id, now));
        Log("validation-run-cancelled", actor, now, new { ShardsDone, ShardCount });
        Changed(now);
        return null;
    }

    public const int MaxReasonLength = 2000;

    private static string Format(double? value) => value is { } v ? v.ToString("G6", CultureInfo.InvariantCulture) : "undefined";

    private static string Sha256(string text) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));

    private void Changed(DateTimeOffset now)
    {
        UpdatedAt = now;
        Touch();
    }

    private void Log(string kind, string actor, DateTimeOffset now, object payload) => Log(new LogFact(Org, kind, Id, actor, now, payload));
}
