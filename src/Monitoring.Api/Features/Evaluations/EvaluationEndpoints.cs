using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ModelRisk.Contracts.Monitoring.V1;
using ModelRisk.Monitoring.Data;
using ModelRisk.Monitoring.Features.Plans;
using ModelRisk.Monitoring.Models.Evaluations;
using ModelRisk.Monitoring.Models.Plans;
using ModelRisk.ServiceDefaults;
using ModelRisk.ServiceDefaults.Identity;
using ModelRisk.ServiceKit.Http;

namespace ModelRisk.Monitoring.Features.Evaluations;

/// <summary>Evaluate a window now: from <c>windowStart</c> to <c>windowEnd</c>, by default the plan's window ending now.</summary>
public sealed record EvaluateNowRequest(DateTimeOffset? WindowStart, DateTimeOffset? WindowEnd);

public sealed record ListEvaluationsQuery(int? Limit);

public sealed record EvaluationResponse(
    string Id,
    string PlanId,
    string ModelId,
    DateTimeOffset WindowStart,
    DateTimeOffset WindowEnd,
    EvaluationState State,
    string Trigger,
    DateTimeOffset QueuedAt,
    DateTimeOffset? CompletedAt,
    long? Rows,
    long? LabelledRows,
    string? Worker,
    string? FailureReason,
    IReadOnlyList<WindowMetricValue> Values)
{
    public static EvaluationResponse From(WindowEvaluation e) => new(e.Id, e.PlanId, e.ModelId, e.WindowStart, e.WindowEnd, e.State, e.Trigger, e.QueuedAt,
        e.CompletedAt, e.Rows, e.LabelledRows, e.Worker, e.FailureReason, e.Values);
}

public static class EvaluationEndpoints
{
    public static IEndpointRouteBuilder MapEvaluationEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(PlanEndpoints.BasePath + "/{id}/evaluations").WithTags("Evaluations").RequireAuthorization(PlatformPolicies.MonitoringRead);
        group.MapPost("/", EvaluateNow).WithName("EvaluateMonitoringWindow")
            .WithSummary("Queue a window of the plan for the validation workers now (by default the plan's window ending now). A window is evaluated once.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .RequireAuthorization(PlatformPolicies.MonitoringPlanWrite);
        group.MapGet("/", List).WithName("ListMonitoringEvaluations")
            .WithSummary("The plan's latest windows, newest first, with their state and computed values.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    internal static async Task<Results<Accepted<EvaluationResponse>, ValidationProblem, ProblemHttpResult>> EvaluateNow(
        string id, EvaluateNowRequest? request, ClaimsPrincipal caller, MonitoringDbContext db, WindowScheduler scheduler, TimeProvider time,
        CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var plan = await db.Plans.AsNoTracking().WritableIn(caller.WriteScope(ModelAccess.CrossOrgPlanWriters)).FirstOrDefaultAsync(p => p.Id == id, ct);
        if (plan is null)
        {
            return ApiProblems.NotFound($"No monitoring plan '{id}' you may evaluate.");
        }
        var end = request?.WindowEnd ?? new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        var start = request?.WindowStart ?? end - plan.Window;
        var errors = new FieldErrors();
        if (start >= end)
        {
            errors.Add("windowStart", "Before windowEnd.");
        }
        else if (end - start > PlanValidation.MaxWindow)
        {
            errors.Add("windowStart", "A window of at most 90 days.");
        }
        if (end > now + TimeSpan.FromMinutes(5))
        {
            errors.Add("windowEnd", "Not in the future: a window is evaluated on the rows logged in it.");
        }
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        if (plan.Status != PlanStatus.Active)
        {
            return ApiProblems.IllegalTransition("The plan is retired.");
        }
        if (!plan.HasComputedMetrics)
        {
            return ApiProblems.IllegalTransition("The plan watches no metric the workers compute; its metrics are pushed by the pipeline.");
        }
        var evaluation = await scheduler.QueueAsync(plan, start, end, "manual", now, ct);
        if (evaluation is null)
        {
            return ApiProblems.Conflict($"The window starting {start:u} was queued already; a window is evaluated once.",
                new Dictionary<string, object?> { ["evaluationId"] = WindowEvaluation.IdFor(plan.Id, start) });
        }
        if (await Editing.SaveAsync(db, ct, preconditionSent: false) is { } conflict)
        {
            return conflict;
        }
        return TypedResults.Accepted($"{PlanEndpoints.BasePath}/{plan.Id}/evaluations", EvaluationResponse.From(evaluation));
    }

    internal static async Task<Results<Ok<List<EvaluationResponse>>, ValidationProblem, ProblemHttpResult>> List(
        string id, [AsParameters] ListEvaluationsQuery query, ClaimsPrincipal caller, MonitoringDbContext db, CancellationToken ct)
    {
        var errors = new FieldErrors();
        errors.Range("limit", query.Limit, 1, 200);
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        if (!await db.Plans.VisibleTo(caller.ReadScope()).AnyAsync(p => p.Id == id, ct))
        {
            return ApiProblems.NotFound($"No monitoring plan '{id}' in your orgs.");
        }
        var evaluations = await db.Evaluations.AsNoTracking().Where(e => e.PlanId == id).OrderByDescending(e => e.WindowStart).Take(query.Limit ?? 50).ToListAsync(ct);
        return TypedResults.Ok(evaluations.Select(EvaluationResponse.From).ToList());
    }
}
