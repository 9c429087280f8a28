using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ModelRisk.Assessment.Data;
using ModelRisk.Assessment.Features.Policies;
using ModelRisk.Assessment.Inventory;
using ModelRisk.Assessment.Models.Tiering;
using ModelRisk.ServiceDefaults;
using ModelRisk.ServiceDefaults.Identity;
using ModelRisk.ServiceDefaults.OpenApi;
using ModelRisk.ServiceKit.Http;
using ModelRisk.ServiceKit.Paging;

namespace ModelRisk.Assessment.Features.Tiering;

public static class TieringEndpoints
{
    public const string BasePath = "/api/assessment/tierings";
    private const string CursorKind = "t";

    public static IEndpointRouteBuilder MapTieringEndpoints(this IEndpointRouteBuilder app)
    {
        var tierings = app.MapGroup(BasePath).WithTags("Tiering").RequireAuthorization(PlatformPolicies.AssessmentRead);
        tierings.MapPost("/", Create).WithName("TierModel")
            .WithSummary("Answer the tiering questionnaire for a model; the policy in force scores it and the tier reaches the inventory.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable).WithETag()
            .RequireAuthorization(PlatformPolicies.AssessmentWrite);
        tierings.MapGet("/", List).WithName("ListTierings").WithSummary("Tierings you may see, newest last, with keyset paging.");
        tierings.MapGet("/{id}", Get).WithName("GetTiering").WithSummary("One tiering with its rationale; the ETag is its revision.")
            .ProducesProblem(StatusCodes.Status404NotFound).WithETag();
        tierings.MapPost("/{id}/override", Override).WithName("OverrideTier")
            .WithSummary("Set the tier against the policy's result, with a justification (risk analysts; If-Match required).")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).WithIfMatch()
            .RequireAuthorization(PlatformPolicies.ReviewValidate);
        return app;
    }

    internal static async Task<Results<Created<TieringResponse>, ValidationProblem, ProblemHttpResult>> Create(
        TierModelRequest request, ClaimsPrincipal caller, AssessmentDbContext db, TieringPolicies policies, InventoryReader inventory,
        TimeProvider time, HttpResponse response, CancellationToken ct)
    {
        var errors = new FieldErrors();
        errors.Text("modelId", request.ModelId, 40, required: true);
        if (request.Answers is null)
        {
            errors.Add("answers", "Required: factor id → chosen option ids.");
        }
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        var policy = await policies.CurrentAsync(ct);
        var answers = new TieringAnswers(request.Answers!.ToDictionary(a => a.Key, a => (IReadOnlyList<string>)(a.Value ?? [])));
        var answerErrors = TieringScorer.Validate(policy, answers);
        if (answerErrors.Count > 0)
        {
            return ApiProblems.Validation(answerErrors);
        }
        var model = await inventory.GetModelAsync(request.ModelId!, ct);
        if (model is null)
        {
            return ApiProblems.NotFound($"No model '{request.ModelId}' in the orgs you may see.");
        }
        if (!caller.WriteScope(PlatformRoles.RiskAnalyst, PlatformRoles.PlatformAdmin).Includes(model.Org))
        {
            return ApiProblems.Forbidden($"You may tier models only in your orgs ({string.Join(", ", caller.Orgs())}).");
        }
        var tiering = ModelTiering.Create(model.Org, model.Id, policy, answers, caller.Actor(), time.GetUtcNow());
        db.Tierings.Add(tiering);
        if (await Editing.SaveAsync(db, ct, preconditionSent: false) is { } conflict)
        {
            return conflict;
        }
        response.Headers.ETag = ETags.For(tiering.Revision);
        return TypedResults.Created($"{BasePath}/{tiering.Id}", TieringResponse.From(tiering, policy));
    }

    internal static async Task<Results<Ok<Page<TieringResponse>>, ValidationProblem>> List(
        [AsParameters] ListTieringsQuery query, ClaimsPrincipal caller, AssessmentDbContext db, TieringPolicies policies, CancellationToken ct)
    {
        var errors = new FieldErrors();
        errors.ValidatePaging(query.Limit, query.Cursor, CursorKind);
        if (query.Org is not null)
        {
            errors.Slug("org", query.Org);
        }
        errors.Text("modelId", query.ModelId, 40);
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        var tierings = db.Tierings.VisibleTo(caller.ReadScope());
        if (query.Org is not null)
        {
            tierings = tierings.Where(t => t.Org == query.Org);
        }
        if (query.ModelId is not null)
        {
            tierings = tierings.Where(t => t.ModelId == query.ModelId);
        }
        var page = await tierings.PageAsync(query.Limit, query.Cursor, CursorKind, ct);
        var items = new List<TieringResponse>(page.Items.Count);
        foreach (var tiering in page.Items)
        {
            items.Add(TieringResponse.From(tiering, await policies.UsedForAsync(tiering.PolicyVersion, ct)));
        }
        return TypedResults.Ok(new Page<TieringResponse>(items, page.NextCursor));
    }

    internal static async Task<Results<Ok<TieringResponse>, ProblemHttpResult>> Get(
        string id, ClaimsPrincipal caller, AssessmentDbContext db, TieringPolicies policies, HttpResponse response, CancellationToken ct)
    {
        var tiering = await db.Tierings.AsNoTracking().VisibleTo(caller.ReadScope()).FirstOrDefaultAsync(t => t.Id == id, ct);
        if (tiering is null)
        {
            return NotFound(id);
        }
        response.Headers.ETag = ETags.For(tiering.Revision);
        return TypedResults.Ok(TieringResponse.From(tiering, await policies.UsedForAsync(tiering.PolicyVersion, ct)));
    }

    internal static async Task<Results<Ok<TieringResponse>, ValidationProblem, ProblemHttpResult>> Override(
        string id, OverrideTierRequest request, ClaimsPrincipal caller, AssessmentDbContext db, TieringPolicies policies,
        TimeProvider time, HttpRequest http, HttpResponse response, CancellationToken ct)
    {
        var errors = new FieldErrors();
        errors.Defined("tier", request.Tier, required: true);
        errors.Text("justification", request.Justification, 4000, required: true);
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        var (tiering, problem) = await Editing.LoadForEditAsync(db.Tierings.WritableIn(caller.WriteScope(PlatformRoles.RiskAnalyst)), id, http, NotFoundDetail(id), ct);
        if (tiering is null)
        {
            return problem!;
        }
        if (tiering.Override(request.Tier!.Value, request.Justification!, caller.Actor(), time.GetUtcNow()) is { } refusal)
        {
            return refusal.ToProblem();
        }
        if (await Editing.SaveAsync(db, ct) is { } conflict)
        {
            return conflict;
        }
        response.Headers.ETag = ETags.For(tiering.Revision);
        return TypedResults.Ok(TieringResponse.From(tiering, await policies.UsedForAsync(tiering.PolicyVersion, ct)));
    }

    private static string NotFoundDetail(string id) => $"No tiering '{id}' in the orgs you may see.";

    private static ProblemHttpResult NotFound(string id) => ApiProblems.NotFound(NotFoundDetail(id));
}
