using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ModelRisk.Assessment.Models.Datasets;
using ModelRisk.Assessment.Models.Reviews;
using ModelRisk.Assessment.Models.Runs;
using ModelRisk.Contracts.Validation.V1;
using ModelRisk.ServiceDefaults;
using ModelRisk.ServiceDefaults.Identity;
using ModelRisk.ServiceDefaults.OpenApi;
using ModelRisk.ServiceKit.Http;
using ModelRisk.ServiceKit.Paging;
using ModelRisk.Validation.Engine.Data;
using ModelRisk.Validation.Engine.Plans;

namespace ModelRisk.Assessment.Features.Runs;

/// <summary>
/// Validation runs: submitted on a review (202 with the run's Location), computed by the validation workers, read with
/// their progress, result (the engine's JSON) and HTML report, and cancellable until they finish.
/// </summary>
public static class RunEndpoints
{
    public const string BasePath = "/api/assessment/runs";
    private const string CursorKind = "v";
    private const int MaxPlanLength = 64 * 1024;

    /// <summary>Validation is independent of the model's team: analysts run it, and so may their CI pipelines.</summary>
    private static readonly string[] Runners = [PlatformRoles.RiskAnalyst];

    public static IEndpointRouteBuilder MapRunEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost(Reviews.ReviewEndpoints.BasePath + "/{id}/runs", Submit).WithTags("Validation runs").WithName("SubmitValidationRun")
            .WithSummary("Validate the review's model version on an uploaded dataset with the tier's plan or a custom one; 202 with the run's Location.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .RequireAuthorization(PlatformPolicies.ValidationRunWrite);
        var runs = app.MapGroup(BasePath).WithTags("Validation runs").RequireAuthorization(PlatformPolicies.AssessmentRead);
        runs.MapGet("/", List).WithName("ListValidationRuns").WithSummary("Runs you may see, filtered by review, model and state, newest first, with keyset paging.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        runs.MapGet("/{id}", Get).WithName("GetValidationRun").WithSummary("One run: state, progress (shards done of total, rows read), tests, failure reason.")
            .WithETag().ProducesProblem(StatusCodes.Status404NotFound);
        runs.MapGet("/{id}/result", Result).WithName("GetValidationRunResult").WithSummary("The engine's JSON result of a succeeded run.")
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        runs.MapGet("/{id}/report", Report).WithName("GetValidationRunReport").WithSummary("The HTML report of a succeeded run.")
            .Produces(StatusCodes.Status200OK, contentType: "text/html")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        runs.MapPost("/{id}/cancel", Cancel).WithName("CancelValidationRun").WithSummary("Cancel a run that has not finished (If-Match required); workers stop its jobs.")
            .WithIfMatch().WithETag()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired)
            .RequireAuthorization(PlatformPolicies.ValidationRunWrite);
        return app;
    }

    internal static async Task<Results<Accepted<RunResponse>, ValidationProblem, ProblemHttpResult>> Submit(
        string id, SubmitRunRequest request, ClaimsPrincipal caller, [AsParameters] RunServices services, HttpResponse response, CancellationToken ct)
    {
        var errors = new FieldErrors();
        errors.Text("datasetId", request.DatasetId, 40, required: true);
        errors.Text("referenceDatasetId", request.ReferenceDatasetId, 40);
        errors.Text("scoreColumn", request.ScoreColumn, 200, required: true, multiline: false);
        errors.Text("labelColumn", request.LabelColumn, 200, required: true, multiline: false);
        errors.Text("groupColumn", request.GroupColumn, 200, multiline: false);
        errors.List("driftColumns", request.DriftColumns, (field, column) => errors.Text(field, column, 200, required: true, multiline: false), maxItems: 500);
        errors.Text("plan", request.Plan, MaxPlanLength);
        if (request.Threshold is { } threshold && !(threshold is >= 0 and <= 1))
        {
            errors.Add("threshold", "The decision threshold is a probability between 0 and 1.");
        }
        if (request.DriftColumns is { Count: > 0 } && request.ReferenceDatasetId is null)
        {
            errors.Add("driftColumns", "Drift columns are compared with a reference dataset: give referenceDatasetId too.");
        }
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var review = await services.Db.Reviews.AsNoTracking().WritableIn(caller.WriteScope(Runners)).FirstOrDefaultAsync(r => r.Id == id, ct);
        if (review is null)
        {
            return ApiProblems.NotFound($"No review '{id}' you may run validations in.");
        }
        if (review.State is ReviewState.Decided or ReviewState.Closed)
        {
            return ApiProblems.Conflict($"The review is {review.State}: reopen it to validate again.");
        }

        var datasets = services.Db.Datasets.AsNoTracking().Where(d => d.Org == review.Org);
        var data = await datasets.FirstOrDefaultAsync(d => d.Id == request.DatasetId, ct);
        if (data is null)
        {
            return ApiProblems.Validation(new Dictionary<string, string[]> { ["datasetId"] = [$"No dataset '{request.DatasetId}' in org {review.Org}."] });
        }
        Dataset? reference = null;
        if (request.ReferenceDatasetId is not null)
        {
            reference = await datasets.FirstOrDefaultAsync(d => d.Id == request.ReferenceDatasetId, ct);
            if (reference is null)
            {
                return ApiProblems.Validation(new Dictionary<string, string[]> { ["referenceDatasetId"] = [$"No dataset '{request.ReferenceDatasetId}' in org {review.Org}."] });
            }
        }

        CheckColumn(errors, "scoreColumn", request.ScoreColumn!, data);
        CheckColumn(errors, "labelColumn", request.LabelColumn!, data);
        if (request.GroupColumn is not null)
        {
            CheckColumn(errors, "groupColumn", request.GroupColumn, data);
        }
        var drift = request.DriftColumns ?? [];
        for (var i = 0; i < drift.Count; i++)
        {
            CheckColumn(errors, $"driftColumns[{i}]", drift[i], data);
            CheckColumn(errors, $"driftColumns[{i}]", drift[i], reference!);
        }
        string planName;
        string planText;
        try
        {
            if (request.Plan is { } custom)
            {
                planName = TestPlanLoader.ParseText(custom, "plan").Name;
                planText = custom;
            }
            else
            {
                var tier = Enum.Parse<RiskTier>(review.Tier.ToString());
                planText = TestPlanLoader.TierPlanText(tier);
                planName = TestPlanLoader.ParseText(planText, "tier plan").Name;
            }
        }
        catch (InputException e)
        {
            errors.Add("plan", e.Message);
            planName = planText = "";
        }
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var specification = new ValidationRunSpecification(
            data.Id, reference?.Id, request.ScoreColumn!, request.LabelColumn!, request.GroupColumn, [.. drift], request.Threshold ?? 0.5,
            planName, request.Plan is not null, planText);
        var jobSpec = new ValidationRunSpec(
            data.StorageKey, data.Format.ToString(), reference?.StorageKey, reference?.Format.ToString(), specification.ScoreColumn, specification.LabelColumn,
            specification.GroupColumn, specification.DriftColumns, specification.Threshold, planText);
        var run = ValidationRun.Submit(review.Org, review.Id, review.ModelId, review.ModelVersionId, review.OwnerAtReview, specification, jobSpec,
            caller.Actor(), services.Time.GetUtcNow());
        services.Db.ValidationRuns.Add(run);
        if (await Editing.SaveAsync(services.Db, ct, preconditionSent: false) is { } conflict)
        {
            return conflict;
        }
        response.Headers.ETag = ETags.For(run.Revision);
        return TypedResults.Accepted($"{BasePath}/{run.Id}", RunResponse.From(run));
    }

    internal static async Task<Results<Ok<Page<RunResponse>>, ValidationProblem>> List(
        [AsParameters] ListRunsQuery query, ClaimsPrincipal caller, [AsParameters] RunServices services, CancellationToken ct)
    {
        var errors = new FieldErrors();
        errors.ValidatePaging(query.Limit, query.Cursor, CursorKind);
        errors.Text("reviewId", query.ReviewId, 40);
        errors.Text("modelId", query.ModelId, 40);
        errors.Defined("state", query.State);
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        var runs = services.Db.ValidationRuns.AsNoTracking().VisibleTo(caller.ReadScope());
        if (query.ReviewId is not null)
        {
            runs = runs.Where(r => r.ReviewId == query.ReviewId);
        }
        if (query.ModelId is not null)
        {
            runs = runs.Where(r => r.ModelId == query.ModelId);
        }
        if (query.State is { } state)
        {
            runs = runs.Where(r => r.State == state);
        }
        var page = await runs.PageAsync(query.Limit, query.Cursor, CursorKind, ct);
        return TypedResults.Ok(new Page<RunResponse>([.. page.Items.Select(RunResponse.From)], page.NextCursor));
    }

    internal static async Task<Results<Ok<RunResponse>, ProblemHttpResult>> Get(
        string id, ClaimsPrincipal caller, [AsParameters] RunServices services, HttpResponse response, CancellationToken ct)
    {
        var run = await services.Db.ValidationRuns.AsNoTracking().VisibleTo(caller.ReadScope()).FirstOrDefaultAsync(r => r.Id == id, ct);
        if (run is null)
        {
            return ApiProblems.NotFound(NotFound(id));
        }
        response.Headers.ETag = ETags.For(run.Revision);
        return TypedResults.Ok(RunResponse.From(run));
    }

    internal static async Task<Results<ContentHttpResult, ProblemHttpResult>> Result(
        string id, ClaimsPrincipal caller, [AsParameters] RunServices services, CancellationToken ct)
    {
        var run = await services.Db.ValidationRuns.AsNoTracking().VisibleTo(caller.ReadScope()).FirstOrDefaultAsync(r => r.Id == id, ct);
        if (run is null)
        {
            return ApiProblems.NotFound(NotFound(id));
        }
        if (run.State != ValidationRunState.Succeeded || run.ResultJson is null)
        {
            return ApiProblems.Conflict($"The run is {run.State}; a result exists once it has succeeded.");
        }
        return TypedResults.Content(run.ResultJson, "application/json");
    }

    internal static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> Report(
        string id, ClaimsPrincipal caller, [AsParameters] RunServices services, CancellationToken ct)
    {
        var run = await services.Db.ValidationRuns.AsNoTracking().VisibleTo(caller.ReadScope()).FirstOrDefaultAsync(r => r.Id == id, ct);
        if (run is null)
        {
            return ApiProblems.NotFound(NotFound(id));
        }
        if (run.State != ValidationRunState.Succeeded || run.ReportKey is null)
        {
            return ApiProblems.Conflict($"The run is {run.State}; a report exists once it has succeeded.");
        }
        var stream = await services.Storage.OpenReadAsync(run.ReportKey, 0, null, ct);
        return TypedResults.Stream(stream, "text/html; charset=utf-8");
    }

    internal static async Task<Results<Ok<RunResponse>, ValidationProblem, ProblemHttpResult>> Cancel(
        string id, ClaimsPrincipal caller, [AsParameters] RunServices services, HttpContext http, CancellationToken ct)
    {
        var (run, problem) = await Editing.LoadForEditAsync(services.Db.ValidationRuns.WritableIn(caller.WriteScope(Runners)), id, http.Request, NotFound(id), ct);
        if (run is null)
        {
            return problem!;
        }
        if (run.Cancel(caller.Actor(), services.Time.GetUtcNow()) is { } refusal)
        {
            return refusal.ToProblem();
        }
        if (await Editing.SaveAsync(services.Db, ct) is { } conflict)
        {
            return conflict;
        }
        // The marker every worker looks for; written after the save, so a run is never marked without being cancelled.
        await services.Storage.WriteObjectAsync(ValidationRunKeys.Cancelled(run.Id), ReadOnlyMemory<byte>.Empty, ct);
        http.Response.Headers.ETag = ETags.For(run.Revision);
        return TypedResults.Ok(RunResponse.From(run));
    }

    private static void CheckColumn(FieldErrors errors, string field, string column, Dataset dataset)
    {
        if (dataset.Columns.Count > 0 && !dataset.Columns.Contains(column, StringComparer.Ordinal))
        {
            errors.Add(field, $"Dataset '{dataset.Name}' has no column '{column}'.");
        }
    }

    private static string NotFound(string id) => $"No validation run '{id}' in the orgs you may see.";
}
