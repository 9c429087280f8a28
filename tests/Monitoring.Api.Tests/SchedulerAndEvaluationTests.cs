using System.Net;
using System.Text;
using System.Text.Json;
using Cronos;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModelRisk.Contracts.Monitoring.V1;
using ModelRisk.Datasets.Storage;
using ModelRisk.Messaging.Outbox;
using ModelRisk.Monitoring.Models.Evaluations;
using ModelRisk.Monitoring.Tests.Infrastructure;
using ModelRisk.TestSupport;

namespace ModelRisk.Monitoring.Tests;

/// <summary>
/// Windows queued for the workers on schedule (catch-up without double counting), on demand, and the workers'
/// results turned into points that alert with the drift detection lead time.
/// </summary>
public sealed class SchedulerAndEvaluationTests(MonitoringFactory factory) : IClassFixture<MonitoringFactory>
{
    private readonly People _people = People.InNewOrg("sched");

    private MonitoringFlow Flow => new(factory);

    private async Task<string> ReferenceAsync()
    {
        var id = Guid.CreateVersion7().ToString("N");
        var storage = factory.Services.GetRequiredService<IDatasetStorage>();
        await storage.WriteAsync($"datasets/{_people.Org}/{id}", new MemoryStream(Encoding.UTF8.GetBytes("income,score,label\n1,0.2,0\n2,0.7,1\n")),
            1024 * 1024, CancellationToken.None);
        return id;
    }

    private async Task<JsonElement> DriftPlanAsync(string model, string schedule = "0 * * * *", string window = "1h") =>
        await Flow.CreatePlanAsync(_people.Owner, new
        {
            modelId = model,
            name = "Drift watch",
            metrics = new object[]
            {
                new { metric = "psi", column = "income", warning = 0.1, critical = 0.25 },
                new { metric = "volume" },
            },
            window,
            schedule,
            referenceDatasetId = await ReferenceAsync(),
            alertRoutes = new[] { "http://127.0.0.1:9/alerts" },
            runbookUrl = "https://runbooks.test/drift",
            dashboardUrl = "https://grafana.test/d/mrp-monitoring",
        });

    private Task<List<WindowEvaluation>> EvaluationsAsync(string planId) =>
        factory.QueryAsync(db => db.Evaluations.Where(e => e.PlanId == planId).OrderBy(e => e.WindowStart).ToListAsync());

    private static int HoursBetween(DateTimeOffset after, DateTimeOffset through) =>
        CronExpression.Parse("0 * * * *").GetOccurrences(after.UtcDateTime, through.UtcDateTime, fromInclusive: false, toInclusive: true).Count();

    [Fact]
    public async Task After_downtime_the_scheduler_queues_every_missed_window_once_and_a_second_pass_or_replica_queues_nothing()
    {
        var model = await factory.RegisterModelAsync(_people.Org);
        var plan = await DriftPlanAsync(model);
        var created = plan.GetProperty("scheduledThrough").GetDateTimeOffset();
        var down = created.AddHours(5).AddMinutes(7);

        // Counted per plan: the scheduler also serves the other tests' plans in this database.
        await factory.ScheduleAsync(down);
        var queued = (await EvaluationsAsync(MonitoringFlow.Id(plan))).Count;
        await factory.ScheduleAsync(down);
        await Task.WhenAll(factory.ScheduleAsync(down.AddMinutes(1)), factory.ScheduleAsync(down.AddMinutes(1)));

        var expected = HoursBetween(created, down);
        Assert.Equal(expected, queued);
        var evaluations = await EvaluationsAsync(MonitoringFlow.Id(plan));
        Assert.Equal(expected, evaluations.Count);
        Assert.All(evaluations, e => Assert.Equal(TimeSpan.FromHours(1), e.WindowEnd - e.WindowStart));
        Assert.All(evaluations, e => Assert.Equal(0, e.WindowEnd.Minute));
        Assert.Equal(evaluations.Count, evaluations.Select(e => e.WindowStart).Distinct().Count());
        var jobs = await factory.QueryAsync(db => db.Set<OutboxMessage>()
            .CountAsync(m => m.MessageType == typeof(EvaluateMonitoringWindow).FullName && m.Body.Contains(MonitoringFlow.Id(plan))));
        Assert.Equal(expected, jobs);

        // The next hour queues exactly the next window.
        await factory.ScheduleAsync(down.AddHours(1));
        Assert.Equal(expected + 1, (await EvaluationsAsync(MonitoringFlow.Id(plan))).Count);
    }

    [Fact]
    public async Task Editing_a_plan_does_not_requeue_its_windows_and_the_scheduler_does_not_change_its_etag()
    {
        var model = await factory.RegisterModelAsync(_people.Org);
        var plan = await DriftPlanAsync(model);
        var created = plan.GetProperty("scheduledThrough").GetDateTimeOffset();
        await factory.ScheduleAsync(created.AddHours(2).AddMinutes(1));
        var read = await Flow.SendAsync(_people.Owner, HttpMethod.Get, $"/api/monitoring/plans/{MonitoringFlow.Id(plan)}");
        Assert.Equal(MonitoringFlow.ETag(plan), MonitoringFlow.ETag(read));

        var update = JsonSerializer.SerializeToNode(new
        {
            name = "Drift watch, daily",
            metrics = new object[] { new { metric = "volume", warning = 10 } },
            window = "1h",
            schedule = "0 * * * *",
            alertRoutes = new[] { "http://127.0.0.1:9/alerts" },
        }, JsonSerializerOptions.Web);
        await Flow.SendAsync(_people.Owner, HttpMethod.Put, $"/api/monitoring/plans/{MonitoringFlow.Id(plan)}", update, ifMatch: MonitoringFlow.ETag(read));
        var before = (await EvaluationsAsync(MonitoringFlow.Id(plan))).Count;
        await factory.ScheduleAsync(created.AddHours(2).AddMinutes(2));
        Assert.Equal(before, (await EvaluationsAsync(MonitoringFlow.Id(plan))).Count);
    }

    [Fact]
    public async Task A_window_evaluated_now_names_the_log_objects_that_overlap_it_and_is_evaluated_once()
    {
        var model = await factory.RegisterModelAsync(_people.Org);
        var plan = await DriftPlanAsync(model);
        var now = DateTimeOffset.UtcNow;
        await Flow.SendAsync(_people.Pipeline, HttpMethod.Post, "/api/monitoring/predictions", new
        {
            modelId = model, batchId = "b-old",
            rows = new[] { new { predictionId = "p0", timestamp = now.AddHours(-3), score = 0.4, features = new { income = 10 } } },
        });
        await Flow.SendAsync(_people.Pipeline, HttpMethod.Post, "/api/monitoring/predictions", new
        {
            modelId = model, batchId = "b-new",
            rows = new[]
            {
                new { predictionId = "p1", timestamp = now.AddMinutes(-30), score = 0.4, features = new { income = 10 } },
                new { predictionId = "p2", timestamp = now.AddMinutes(-20), score = 0.9, features = new { income = 70 } },
            },
        });
        await Flow.SendAsync(_people.Pipeline, HttpMethod.Post, "/api/monitoring/labels", new
        {
            modelId = model, batchId = "l-1", labels = new[] { new { predictionId = "p1", label = 1 } },
        });

        var evaluation = await Flow.SendAsync(_people.Owner, HttpMethod.Post, $"/api/monitoring/plans/{MonitoringFlow.Id(plan)}/evaluations", new { },
            HttpStatusCode.Accepted);
        var id = MonitoringFlow.Id(evaluation);
        var body = await factory.QueryAsync(db => db.Set<OutboxMessage>()
            .Where(m => m.MessageType == typeof(EvaluateMonitoringWindow).FullName && m.Body.Contains(id)).Select(m => m.Body).SingleAsync());
        var job = JsonSerializer.Deserialize<EvaluateMonitoringWindow>(body, JsonSerializerOptions.Web)!;
        var predictions = Assert.Single(job.PredictionKeys);
        Assert.Contains("/predictions/", predictions);
        Assert.EndsWith("/b-new.csv", predictions);
        Assert.EndsWith("/l-1.csv", Assert.Single(job.LabelKeys));
        Assert.Equal($"datasets/{_people.Org}/{plan.GetProperty("referenceDatasetId").GetString()}", job.ReferenceKey);
        Assert.Equal("Csv", job.ReferenceFormat);
        Assert.Equal(["psi", "volume"], job.Metrics.Select(m => m.Metric));

        await Flow.SendAsync(_people.Owner, HttpMethod.Post, $"/api/monitoring/plans/{MonitoringFlow.Id(plan)}/evaluations",
            new { windowStart = job.WindowStart, windowEnd = job.WindowEnd }, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_windows_values_become_points_and_a_drift_breach_alerts_with_the_lead_time_from_the_windows_first_prediction_once()
    {
        var model = await factory.RegisterModelAsync(_people.Org);
        var plan = await DriftPlanAsync(model);
        var created = plan.GetProperty("scheduledThrough").GetDateTimeOffset();
        await factory.ScheduleAsync(created.AddHours(1).AddMinutes(1));
        var evaluation = (await EvaluationsAsync(MonitoringFlow.Id(plan)))[0];
        var firstPrediction = evaluation.WindowStart.AddMinutes(7);
        var result = new MonitoringWindowEvaluated(evaluation.Id, evaluation.PlanId, _people.Org, model, evaluation.WindowStart, evaluation.WindowEnd,
            Rows: 5000, LabelledRows: 0, firstPrediction, evaluation.WindowEnd.AddMinutes(-1),
            [new WindowMetricValue("psi", "income", 0.41, null), new WindowMetricValue("volume", null, 5000, null),
             new WindowMetricValue("roc_auc", null, null, "No labelled rows in the window.")],
            "worker-1", DateTimeOffset.UtcNow);

        var first = Guid.NewGuid();
        await factory.Harness.Bus.Publish(result, c => c.MessageId = first);
        await Wait.UntilAsync(() => factory.Consumed.Finished(first) > 0, "the window's result is consumed");
        var redelivered = Guid.NewGuid();
        await factory.Harness.Bus.Publish(result, c => c.MessageId = redelivered);
        await Wait.UntilAsync(() => factory.Consumed.Finished(redelivered) > 0, "the redelivered result is consumed");

        var completed = (await EvaluationsAsync(MonitoringFlow.Id(plan)))[0];
        Assert.Equal(EvaluationState.Completed, completed.State);
        Assert.Equal(5000, completed.Rows);
        Assert.Contains(completed.Values, v => v.Metric == "roc_auc" && v.Value is null && v.Reason!.Contains("labelled"));
        var points = await factory.QueryAsync(db => db.Points.Where(p => p.ModelId == model).OrderBy(p => p.Metric).ToListAsync());
        Assert.Equal([("psi", "column=income", 0.41), ("volume", "", 5000.0)], points.Select(p => (p.Metric, p.Series, p.Value)));
        Assert.All(points, p => Assert.Equal(evaluation.WindowEnd.ToUnixTimeMilliseconds(), p.At));

        var alert = Assert.Single(await Flow.AlertsAsync(_people.Owner, model));
        Assert.Equal(("psi", "income", "Critical"), (alert.GetProperty("metric").GetString(), alert.GetProperty("column").GetString(),
            alert.GetProperty("severity").GetString()));
        Assert.Equal(firstPrediction, alert.GetProperty("firstBreachAt").GetDateTimeOffset());
        Assert.Equal((alert.GetProperty("firedAt").GetDateTimeOffset() - firstPrediction).TotalSeconds, alert.GetProperty("leadTimeSeconds").GetDouble(), 3);

        var series = await Flow.SendAsync(_people.Owner, HttpMethod.Get,
            $"/api/monitoring/series?modelId={model}&metric=psi&labels=column=income&from={Uri.EscapeDataString(evaluation.WindowStart.ToString("O"))}&to={Uri.EscapeDataString(evaluation.WindowEnd.AddMinutes(1).ToString("O"))}");
        var point = Assert.Single(Assert.Single(series.GetProperty("series").EnumerateArray()).GetProperty("points").EnumerateArray());
        Assert.Equal(0.41, point.GetProperty("value").GetDouble());
    }

    [Fact]
    public async Task A_window_the_workers_gave_up_on_fails_with_the_engines_reason()
    {
        var model = await factory.RegisterModelAsync(_people.Org);
        var plan = await DriftPlanAsync(model);
        var evaluation = await Flow.SendAsync(_people.Owner, HttpMethod.Post, $"/api/monitoring/plans/{MonitoringFlow.Id(plan)}/evaluations", new { },
            HttpStatusCode.Accepted);
        var id = MonitoringFlow.Id(evaluation);
        var body = await factory.QueryAsync(db => db.Set<OutboxMessage>()
            .Where(m => m.MessageType == typeof(EvaluateMonitoringWindow).FullName && m.Body.Contains(id)).Select(m => m.Body).SingleAsync());
        var job = JsonSerializer.Deserialize<EvaluateMonitoringWindow>(body, JsonSerializerOptions.Web)!;

        var fault = Guid.NewGuid();
        await factory.Harness.Bus.Publish<Fault<EvaluateMonitoringWindow>>(new
        {
            Message = job,
            FaultId = fault,
            Timestamp = DateTime.UtcNow,
            FaultMessageTypes = new[] { "urn:message:ModelRisk.Contracts.Monitoring.V1:EvaluateMonitoringWindow" },
            Exceptions = new ExceptionInfo[] { new EngineInputError("Row 3 of b-new.csv: 'score' is not a number.") },
        }, c => c.MessageId = fault);
        await Wait.UntilAsync(() => factory.Consumed.Finished(fault) > 0, "the fault is consumed");

        var failed = await Flow.SendAsync(_people.Owner, HttpMethod.Get, $"/api/monitoring/plans/{MonitoringFlow.Id(plan)}/evaluations");
        var row = Assert.Single(failed.EnumerateArray());
        Assert.Equal("Failed", row.GetProperty("state").GetString());
        Assert.Equal("Row 3 of b-new.csv: 'score' is not a number.", row.GetProperty("failureReason").GetString());
    }
}

/// <summary>How a worker's engine data error travels in a MassTransit fault.</summary>
internal sealed record EngineInputError(string Message) : ExceptionInfo
{
    public string ExceptionType => "ModelRisk.Validation.Engine.Data.InputException";
    public ExceptionInfo? InnerException => null;
    public string StackTrace => "";
    public string Source => "engine";
    public IDictionary<string, object>? Data => null;
}
