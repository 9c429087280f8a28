using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MassTransit;
using MassTransit.Events;
using MassTransit.Metadata;
using MassTransit.Testing;
using ModelRisk.Assessment.Tests.Infrastructure;
using ModelRisk.Contracts.Findings.V1;
using ModelRisk.Contracts.Validation.V1;
using ModelRisk.Datasets.Storage;
using ModelRisk.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace ModelRisk.Assessment.Tests.Runs;

/// <summary>
/// Runs through Assessment's API and consumers, with the test harness in the workers' place: what a submission checks and
/// queues, how reports from workers (twice, late, faulted) move the run, and what a finished run leaves behind.
/// </summary>
public sealed class RunApiTests(AssessmentFactory factory) : IClassFixture<AssessmentFactory>
{
    private readonly ReviewFlow _flow = new(factory);

    [Fact]
    public async Task A_run_is_queued_split_merged_and_succeeds_once_as_evidence_with_a_finding_per_failed_test()
    {
        var (_, review) = await _flow.InReviewAsync();
        var reviewId = review.GetProperty("id").GetString()!;
        var datasetId = await UploadAsync("score,label,segment\n0.1,0,a\n0.9,1,b\n");

        using var client = factory.As(People.Analyst);
        using var response = await client.PostAsJsonAsync($"/api/assessment/reviews/{reviewId}/runs",
            new { datasetId, scoreColumn = "score", labelColumn = "label", groupColumn = "segment" });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var run = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var runId = run.GetProperty("id").GetString()!;
        Assert.Equal($"/api/assessment/runs/{runId}", response.Headers.Location?.OriginalString);
        Assert.Equal("Queued", run.GetProperty("state").GetString());
        Assert.Equal("High risk tier", run.GetProperty("planName").GetString());

        await Wait.UntilAsync(() => factory.Harness.Published.Any<PlanValidationRun>(m => m.Context.Message.RunId == runId), "the plan job is queued");
        var plan = factory.Harness.Published.Select<PlanValidationRun>().Single(m => m.Context.Message.RunId == runId).Context.Message;
        Assert.Equal("segment", plan.Spec.GroupColumn);
        Assert.Contains("Discrimination", plan.Spec.PlanText, StringComparison.Ordinal);

        var shards = new[] { new ValidationShardRange(0, "Bytes", 20, 40), new ValidationShardRange(1, "Bytes", 40, 60) };
        await factory.Harness.Bus.Publish(new ValidationRunPlanned(runId, shards, DateTimeOffset.UtcNow));
        await factory.Harness.Bus.Publish(new ValidationRunPlanned(runId, shards, DateTimeOffset.UtcNow));
        await Wait.UntilAsync(() => factory.Harness.Published.Select<ValidateShard>().Count(m => m.Context.Message.RunId == runId) >= 2, "shard jobs are queued");

        // Shard 1 reports twice (a redelivered job), shard 0 once, all at the same time.
        await Task.WhenAll(
            factory.Harness.Bus.Publish(new ValidationShardCompleted(runId, 1, 1, ValidationRunKeys.Shard(runId, 1), "w1", DateTimeOffset.UtcNow)),
            factory.Harness.Bus.Publish(new ValidationShardCompleted(runId, 1, 1, ValidationRunKeys.Shard(runId, 1), "w2", DateTimeOffset.UtcNow)),
            factory.Harness.Bus.Publish(new ValidationShardCompleted(runId, 0, 1, ValidationRunKeys.Shard(runId, 0), "w2", DateTimeOffset.UtcNow)));
        await Wait.UntilAsync(() => factory.Harness.Published.Any<MergeValidationRun>(m => m.Context.Message.RunId == runId), "the merge is queued");

        var result = new ValidationRunResultReady(runId, 2, ValidationRunKeys.Result(runId), new string('e', 64), ValidationRunKeys.Report(runId), "{\"rows\":2}",
            [new("Discrimination", "roc_auc", "Pass", "Critical", 1, null), new("Calibration error", "ece", "Fail", "High", 0.2, null)], "w1", DateTimeOffset.UtcNow);
        await factory.Harness.Bus.Publish(result);
        await factory.Harness.Bus.Publish(result);
        await Wait.UntilAsync(async () => (await _flow.SendAsync(People.Analyst, HttpMethod.Get, $"/api/assessment/runs/{runId}")).GetProperty("state").GetString() == "Succeeded",
            "the run succeeds");

        run = await _flow.SendAsync(People.Auditor, HttpMethod.Get, $"/api/assessment/runs/{runId}");
        Assert.Equal(2, run.GetProperty("progress").GetProperty("shardsDone").GetInt32());
        Assert.Equal("Failed", run.GetProperty("outcome").GetString());
        using (var resultResponse = await factory.As(People.Auditor).GetAsync($"/api/assessment/runs/{runId}/result"))
        {
            Assert.Equal("{\"rows\":2}", await resultResponse.Content.ReadAsStringAsync());
        }
        Assert.Equal(1, factory.Harness.Published.Select<MergeValidationRun>().Count(m => m.Context.Message.RunId == runId));
        Assert.Equal(2, factory.Harness.Published.Select<ValidateShard>().Count(m => m.Context.Message.RunId == runId));
        await Wait.UntilAsync(() => factory.Harness.Published.Any<ValidationCompleted>(m => m.Context.Message.RunId == runId), "ValidationCompleted is published");
        Assert.Equal(1, factory.Harness.Published.Select<ValidationCompleted>().Count(m => m.Context.Message.RunId == runId));
        // The outbox delivers the run's events in order; the finding follows ValidationCompleted.
        await Wait.UntilAsync(() => factory.Harness.Published.Select<FindingRaised>().Any(m => m.Context.Message.SourceKey.StartsWith($"validation-run/{runId}/", StringComparison.Ordinal)),
            "FindingRaised is published");
        var finding = factory.Harness.Published.Select<FindingRaised>().Single(m => m.Context.Message.SourceKey.StartsWith($"validation-run/{runId}/", StringComparison.Ordinal)).Context.Message;
        Assert.Equal(($"validation-run/{runId}/test/Calibration error", "High", reviewId), (finding.SourceKey, finding.Severity, finding.ReviewId));

        var evidence = (await _flow.SendAsync(People.Analyst, HttpMethod.Get, $"/api/assessment/reviews/{reviewId}")).GetProperty("evidence").EnumerateArray();
        Assert.Contains(evidence, e => e.GetProperty("kind").GetString() == "validation-run" && e.GetProperty("sha256").GetString() == new string('e', 64));
        await _flow.SendAsync(People.Analyst, HttpMethod.Post, $"/api/assessment/runs/{runId}/cancel", expected: HttpStatusCode.Conflict, ifMatch: ReviewFlow.ETag(run));
    }

    [Fact]
    public async Task A_faulted_job_fails_the_run_with_the_engines_reason_and_hides_other_errors()
    {
        var (_, review) = await _flow.InReviewAsync();
        var datasetId = await UploadAsync("score,label\n0.1,0\n0.9,1\n");
        var first = await SubmitAsync(review, datasetId);
        var second = await SubmitAsync(review, datasetId);

        // The faults MassTransit publishes when a worker gives up on a job: the exception as the worker saw it.
        await factory.Harness.Bus.Publish<Fault<PlanValidationRun>>(Fault(first,
            new ModelRisk.Validation.Engine.Data.InputException("data.csv: column 'label' has a label other than 0/1 at row 7")));
        await factory.Harness.Bus.Publish<Fault<PlanValidationRun>>(Fault(second, new IOException("/var/lib/secret/path is not readable")));

        await Wait.UntilAsync(async () => (await _flow.SendAsync(People.Analyst, HttpMethod.Get, $"/api/assessment/runs/{second}")).GetProperty("state").GetString() == "Failed", "the runs fail");
        var failed = await _flow.SendAsync(People.Analyst, HttpMethod.Get, $"/api/assessment/runs/{first}");
        Assert.Equal("data.csv: column 'label' has a label other than 0/1 at row 7", failed.GetProperty("failureReason").GetString());
        var hidden = (await _flow.SendAsync(People.Analyst, HttpMethod.Get, $"/api/assessment/runs/{second}")).GetProperty("failureReason").GetString()!;
        Assert.Contains("System.IO.IOException", hidden, StringComparison.Ordinal);
        Assert.DoesNotContain("/var/lib/secret", hidden, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelling_marks_the_run_for_the_workers_and_later_reports_change_nothing()
    {
        var (_, review) = await _flow.InReviewAsync();
        var runId = await SubmitAsync(review, await UploadAsync("score,label\n0.1,0\n0.9,1\n"));
        var run = await _flow.SendAsync(People.Analyst, HttpMethod.Get, $"/api/assessment/runs/{runId}");

        await _flow.SendAsync(People.Owner, HttpMethod.Post, $"/api/assessment/runs/{runId}/cancel", expected: HttpStatusCode.Forbidden, ifMatch: ReviewFlow.ETag(run));
        await _flow.SendAsync(People.Analyst, HttpMethod.Post, $"/api/assessment/runs/{runId}/cancel", expected: HttpStatusCode.PreconditionRequired);
        run = await _flow.SendAsync(People.Analyst, HttpMethod.Post, $"/api/assessment/runs/{runId}/cancel", ifMatch: ReviewFlow.ETag(run));
        Assert.Equal(("Cancelled", "riley.analyst"), (run.GetProperty("state").GetString(), run.GetProperty("cancelledBy").GetString()));
        Assert.True(await factory.Services.GetRequiredService<IDatasetStorage>().ExistsAsync(ValidationRunKeys.Cancelled(runId), CancellationToken.None));

        await factory.Harness.Bus.Publish(new ValidationRunResultReady(runId, 2, "k", new string('f', 64), "r", "{}", [], "w1", DateTimeOffset.UtcNow));
        await Wait.UntilAsync(() => factory.Harness.Consumed.Any<ValidationRunResultReady>(m => m.Context.Message.RunId == runId), "the late result is consumed");
        run = await _flow.SendAsync(People.Analyst, HttpMethod.Get, $"/api/assessment/runs/{runId}");
        Assert.Equal("Cancelled", run.GetProperty("state").GetString());
        await _flow.SendAsync(People.Analyst, HttpMethod.Get, $"/api/assessment/runs/{runId}/result", expected: HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_submission_names_every_field_it_cannot_accept_and_queues_nothing()
    {
        var (_, review) = await _flow.InReviewAsync();
        var reviewId = review.GetProperty("id").GetString()!;
        var datasetId = await UploadAsync("score,label\n0.1,0\n0.9,1\n");
        var foreign = await UploadAsync("score,label\n0.1,0\n0.9,1\n", org: "northwind-health");
        var before = factory.Harness.Published.Select<PlanValidationRun>().Count();

        var problem = await _flow.SendAsync(People.Analyst, HttpMethod.Post, $"/api/assessment/reviews/{reviewId}/runs",
            new { datasetId, scoreColumn = "probability", labelColumn = "label", groupColumn = "segment", threshold = 1.5, driftColumns = new[] { "income" } },
            HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("threshold", out _));
        Assert.True(errors.TryGetProperty("driftColumns", out _));

        problem = await _flow.SendAsync(People.Analyst, HttpMethod.Post, $"/api/assessment/reviews/{reviewId}/runs",
            new { datasetId, scoreColumn = "probability", labelColumn = "label", groupColumn = "segment" }, HttpStatusCode.BadRequest);
        Assert.Contains("no column 'probability'", problem.GetProperty("errors").GetProperty("scoreColumn")[0].GetString(), StringComparison.Ordinal);
        Assert.True(problem.GetProperty("errors").TryGetProperty("groupColumn", out _));

        problem = await _flow.SendAsync(People.Analyst, HttpMethod.Post, $"/api/assessment/reviews/{reviewId}/runs",
            new { datasetId, scoreColumn = "score", labelColumn = "label", plan = "tests:\n  - name: x\n    metric: no_such_metric\n" }, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("plan", out _));

        problem = await _flow.SendAsync(People.Analyst, HttpMethod.Post, $"/api/assessment/reviews/{reviewId}/runs",
            new { datasetId = foreign, scoreColumn = "score", labelColumn = "label" }, HttpStatusCode.BadRequest);
        Assert.Contains("No dataset", problem.GetProperty("errors").GetProperty("datasetId")[0].GetString(), StringComparison.Ordinal);

        await _flow.SendAsync(People.Owner, HttpMethod.Post, $"/api/assessment/reviews/{reviewId}/runs",
            new { datasetId, scoreColumn = "score", labelColumn = "label" }, HttpStatusCode.Forbidden);
        await _flow.SendAsync(People.OtherOrgOwner, HttpMethod.Get, $"/api/assessment/runs?reviewId={reviewId}", expected: HttpStatusCode.OK);

        Assert.Equal(before, factory.Harness.Published.Select<PlanValidationRun>().Count());
    }

    private async Task<string> SubmitAsync(JsonElement review, string datasetId) =>
        (await _flow.SendAsync(People.Analyst, HttpMethod.Post, $"/api/assessment/reviews/{review.GetProperty("id").GetString()}/runs",
            new { datasetId, scoreColumn = "score", labelColumn = "label" }, HttpStatusCode.Accepted)).GetProperty("id").GetString()!;

    private async Task<string> UploadAsync(string csv, string org = People.Org)
    {
        // Model owners upload in their orgs; analysts, who work across orgs, run validations on what was uploaded.
        using var client = factory.As(org == People.Org ? People.Owner : People.OtherOrgOwner);
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        using var response = await client.PostAsync($"/api/assessment/datasets?org={org}&name=run-test.csv", content);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetString()!;
    }

    private static FaultEvent<PlanValidationRun> Fault(string runId, Exception exception)
    {
        try
        {
            throw exception;
        }
        catch (Exception thrown)
        {
            return new FaultEvent<PlanValidationRun>(new PlanValidationRun(runId, People.Org, Spec(), DateTimeOffset.UtcNow), NewId.NextGuid(),
                HostMetadataCache.Host, thrown, [MessageUrn.ForTypeString<PlanValidationRun>()]);
        }
    }

    private static ValidationRunSpec Spec() => new("datasets/x", "Csv", null, null, "score", "label", null, [], 0.5, "tests: []");
}
