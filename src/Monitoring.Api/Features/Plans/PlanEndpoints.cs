using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ModelRisk.Datasets.Storage;
using ModelRisk.Monitoring.Data;
using ModelRisk.Monitoring.Features.Points;
using ModelRisk.Monitoring.Models.Plans;
using ModelRisk.ServiceDefaults;
using ModelRisk.ServiceDefaults.Identity;
using ModelRisk.ServiceDefaults.OpenApi;
using ModelRisk.ServiceKit.Http;
using ModelRisk.ServiceKit.Paging;

namespace ModelRisk.Monitoring.Features.Plans;

public static class PlanEndpoints
{
    public const string BasePath = "/api/monitoring/plans";
    public const string CursorKind = "plans";

    public static IEndpointRouteBuilder MapPlanEndpoints(this IEndpointRouteBuilder app)
    {
        var plans = app.MapGroup(BasePath).WithTags("Plans").RequireAuthorization(PlatformPolicies.MonitoringRead);
        plans.MapPost("/", Create).WithName("CreateMonitoringPlan")
            .WithSummary("Create a model's monitoring plan: metrics with warning and critical thresholds and a direction, window, cron schedule (UTC), "
                + "reference dataset for drift, group column for fairness, alert routes (signed webhooks), runbook, dashboard and retraining trigger. "
                + "One active plan per model and version.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).WithETag()
            .RequireAuthorization(PlatformPolicies.MonitoringPlanWrite);
        plans.MapGet("/", List).WithName("ListMonitoringPlans")
            .WithSummary("Plans you may see, filtered by model and status, with keyset paging.");
        plans.MapGet("/{id}", Get).WithName("GetMonitoringPlan")
            .WithSummary("One plan, whether it is complete and what it misses; the ETag is its revision.")
            .ProducesProblem(StatusCodes.Status404NotFound).WithETag();
        plans.MapPut("/{id}", Update).WithName("UpdateMonitoringPlan")
            .WithSummary("Replace a plan's definition (If-Match required). Windows already queued are not queued again.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).WithIfMatch()
            .RequireAuthorization(PlatformPolicies.MonitoringPlanWrite);
        plans.MapDelete("/{id}", Retire).WithName("RetireMonitoringPlan")
            .WithSummary("Retire a plan (If-Match required): no more windows, no more alerts; its points, alerts and evaluations stay.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).WithIfMatch()
            .RequireAuthorization(PlatformPolicies.MonitoringPlanWrite);
        return app;
    }

    internal static async Task<Results<Created<PlanResponse>, ValidationProblem, ProblemHttpResult>> Create(
        CreatePlanRequest request, ClaimsPrincipal caller, MonitoringDbContext db, IDatasetStorage storage, TimeProvider time, HttpResponse response,
        CancellationToken ct)
    {
        var errors = new FieldErrors();
        var (metrics, window, retraining) = PlanValidation.Check(errors, request);
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        var (model, problem) = await ModelAccess.ForWriteAsync(db, request.ModelId!, caller, ModelAccess.CrossOrgPlanWriters, "create monitoring plans", ct);
        if (problem is not null)
        {
            return problem;
        }
        var (definition, refused) = await ResolveAsync(request, model!.Org, metrics, window, retraining, storage, ct);
        if (refused is not null)
        {
            return refused;
        }
        if (await ActivePlanOf(db, model.ModelId, request.ModelVersionId, null, ct) is { } existing)
        {
            return ApiProblems.Conflict($"Model '{model.ModelId}' has an active plan{(request.ModelVersionId is null ? "" : $" for version '{request.ModelVersionId}'")} already; change it or retire it first.",
                new Dictionary<string, object?> { ["planId"] = existing });
        }
        var plan = MonitoringPlan.Create(model.Org, model.ModelId, definition!, caller.Actor(), time.GetUtcNow());
        db.Plans.Add(plan);
        if (await Editing.SaveAsync(db, ct, preconditionSent: false) is { } conflict)
        {
            return conflict;
        }
        response.Headers.ETag = ETags.For(plan.Revision);
        return TypedResults.Created($"{BasePath}/{plan.Id}", PlanResponse.From(plan));
    }

    internal static async Task<Results<Ok<Page<PlanResponse>>, ValidationProblem>> List(
        [AsParameters] ListPlansQuery query, ClaimsPrincipal caller, MonitoringDbContext db, CancellationToken ct)
    {
        var errors = new FieldErrors();
        errors.ValidatePaging(query.Limit, query.Cursor, CursorKind);
        errors.Text("modelId", query.ModelId, 40, multiline: false);
        errors.Defined("status", query.Status);
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        var plans = db.Plans.VisibleTo(caller.ReadScope());
        if (query.ModelId is { } modelId)
        {
            plans = plans.Where(p => p.ModelId == modelId);
        }
        if (query.Status is { } status)
        {
            plans = plans.Where(p => p.Status == status);
        }
        var page = await plans.PageAsync(query.Limit, query.Cursor, CursorKind, ct);
        return TypedResults.Ok(new Page<PlanResponse>([.. page.Items.Select(PlanResponse.From)], page.NextCursor));
    }

    internal static async Task<Results<Ok<PlanResponse>, ProblemHttpResult>> Get(
        string id, ClaimsPrincipal caller, MonitoringDbContext db, HttpResponse response, CancellationToken ct)
    {
        var plan = await db.Plans.AsNoTracking().VisibleTo(caller.ReadScope()).FirstOrDefaultAsync(p => p.Id == id, ct);
        if (plan is null)
        {
            return ApiProblems.NotFound(NotFound(id));
        }
        response.Headers.ETag = ETags.For(plan.Revision);
        return TypedResults.Ok(PlanResponse.From(plan));
    }

    internal static async Task<Results<Ok<PlanResponse>, ValidationProblem, ProblemHttpResult>> Update(
        string id, UpdatePlanRequest request, ClaimsPrincipal caller, MonitoringDbContext db, IDatasetStorage storage, TimeProvider time,
        HttpContext http, CancellationToken ct)
    {
        var visible = db.Plans.WritableIn(caller.WriteScope(ModelAccess.CrossOrgPlanWriters));
        var current = await visible.AsNoTracking().Select(p => new { p.Id, p.ModelId }).FirstOrDefaultAsync(p => p.Id == id, ct);
        var full = request.WithModel(current?.ModelId ?? "unknown");
        var errors = new FieldErrors();
        var (metrics, window, retraining) = PlanValidation.Check(errors, full);
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        var (plan, problem) = await Editing.LoadForEditAsync(visible, id, http.Request, NotFound(id), ct);
        if (problem is not null)
        {
            return problem;
        }
        if (plan!.Status == PlanStatus.Retired)
        {
            return ApiProblems.IllegalTransition("A retired plan cannot change; create a new one.");
        }
        var (definition, refused) = await ResolveAsync(full, plan.Org, metrics, window, retraining, storage, ct);
        if (refused is not null)
        {
            return refused;
        }
        if (await ActivePlanOf(db, plan.ModelId, request.ModelVersionId, plan.Id, ct) is { } other)
        {
            return ApiProblems.Conflict("Another active plan covers this model and version.", new Dictionary<string, object?> { ["planId"] = other });
        }
        plan.Redefine(definition!, caller.Actor(), time.GetUtcNow());
        if (await Editing.SaveAsync(db, ct) is { } conflict)
        {
            return conflict;
        }
        http.Response.Headers.ETag = ETags.For(plan.Revision);
        return TypedResults.Ok(PlanResponse.From(plan));
    }

    internal static async Task<Results<Ok<PlanResponse>, ProblemHttpResult>> Retire(
        string id, ClaimsPrincipal caller, MonitoringDbContext db, TimeProvider time, MonitoringMeter meter, HttpContext http, CancellationToken ct)
    {
        var visible = db.Plans.WritableIn(caller.WriteScope(ModelAccess.CrossOrgPlanWriters));
        var (plan, problem) = await Editing.LoadForEditAsync(visible, id, http.Request, NotFound(id), ct);
        if (problem is not null)
        {
            return problem;
        }
        if (plan!.Status == PlanStatus.Retired)
        {
            return ApiProblems.IllegalTransition("The plan is retired already.");
        }
        plan.Retire(caller.Actor(), time.GetUtcNow());
        if (await Editing.SaveAsync(db, ct) is { } conflict)
        {
            return conflict;
        }
        // The gauge is keyed by model, not plan: another active plan of the model (another version) still watches its series.
        if (!await db.Plans.AnyAsync(p => p.ModelId == plan.ModelId && p.Status == PlanStatus.Active, ct))
        {
            meter.Forget(plan.ModelId);
        }
        http.Response.Headers.ETag = ETags.For(plan.Revision);
        return TypedResults.Ok(PlanResponse.From(plan));
    }

    private static async Task<(PlanDefinition? Definition, ProblemHttpResult? Problem)> ResolveAsync(CreatePlanRequest r, string org, List<PlanMetric> metrics,
        TimeSpan window, RetrainingTrigger? retraining, IDatasetStorage storage, CancellationToken ct)
    {
        string? key = null, format = null;
        if (r.ReferenceDatasetId is { } datasetId)
        {
            key = PlanValidation.ReferenceKey(org, datasetId);
            format = await PlanValidation.SniffFormatAsync(storage, key, ct);
            if (format is null)
            {
                return (null, ApiProblems.NotFound($"Dataset '{datasetId}' is not in the dataset store for org '{org}'; upload it through /api/assessment/datasets first."));
            }
        }
        return (new PlanDefinition(r.ModelVersionId, r.Name!.Trim(), metrics, window, r.Schedule!.Trim(), r.ReferenceDatasetId, key, format, r.GroupColumn,
            r.AlertRoutes ?? [], r.RunbookUrl, r.DashboardUrl, retraining, r.ConsecutiveBreaches ?? 0), null);
    }

    private static Task<string?> ActivePlanOf(MonitoringDbContext db, string modelId, string? versionId, string? except, CancellationToken ct) =>
        db.Plans.AsNoTracking().Where(p => p.ModelId == modelId && p.ModelVersionId == versionId && p.Status == PlanStatus.Active && p.Id != except)
            .Select(p => p.Id).FirstOrDefaultAsync(ct);

    private static string NotFound(string id) => $"No monitoring plan '{id}' in your orgs.";
}
