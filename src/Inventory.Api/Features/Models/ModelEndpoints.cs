using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using ModelRisk.Inventory.Data;
using ModelRisk.Inventory.Features.FromAssessment;
using ModelRisk.Inventory.Models;
using ModelRisk.ServiceDefaults;
using ModelRisk.ServiceDefaults.Identity;
using ModelRisk.ServiceDefaults.OpenApi;
using ModelRisk.ServiceKit.Domain;
using ModelRisk.ServiceKit.Http;
using ModelRisk.ServiceKit.Paging;

namespace ModelRisk.Inventory.Features.Models;

public static class ModelEndpoints
{
    public const string BasePath = "/api/inventory/models";

    /// <summary>Where a model's risk tier is decided (ADR 050).</summary>
    public const string TieringsPath = "/api/assessment/tierings";

    public static IEndpointRouteBuilder MapModelEndpoints(this IEndpointRouteBuilder app)
    {
        var models = app.MapGroup(BasePath).WithTags("Models").RequireAuthorization(PlatformPolicies.InventoryRead);

        models.MapPost("/", Register).WithName("RegisterModel").WithSummary("Register a model in one of your orgs.")
            .WithDescription("Creates the model in the org the body names (one of the caller's orgs) with lifecycle status Proposed and tier Unassigned. Answers 201 with its Location and ETag; a key the org already uses is 409 with `existingId`.")
            .ProducesProblem(StatusCodes.Status409Conflict).WithETag()
            .RequireAuthorization(PlatformPolicies.InventoryWrite);
        models.MapGet("/", List).WithName("ListModels").WithSummary("List the models you may see, filtered, with keyset paging.")
            .WithDescription("Filters by org, tier, status, owner, tag and free text `q`; pages with `limit` and the `nextCursor` of the previous page. Only models in the caller's orgs appear unless a cross-org role allows more.");
        models.MapGet("/{id}", Get).WithName("GetModel").WithSummary("Read one model; the ETag is its revision.")
            .WithDescription("The model with this id if it is in an org the caller may see (else 404). Send its ETag as If-Match when changing it.")
            .ProducesProblem(StatusCodes.Status404NotFound).WithETag();
        models.MapPatch("/{id}", Update).WithName("UpdateModel").WithSummary("Change a model's descriptive fields (If-Match required).")
            .WithDescription("Merges the fields the body names into the model's details; fields left out keep their values. Lifecycle status and risk tier have their own operations.")
            .ProducesProblem(StatusCodes.Status404NotFound).WithIfMatch()
            .RequireAuthorization(PlatformPolicies.InventoryWrite);
        models.MapPost("/{id}/lifecycle", Transition).WithName("TransitionModelLifecycle")
            .WithSummary("Move a model through its lifecycle (If-Match required); an illegal move is 409 with the reason. Approval is 409: a review's decision in Assessment approves a model.")
            .WithDescription("Moves the model to the status `to`, recording `reason`. A move the lifecycle does not allow from the current status is 409 (illegal-transition) with the reason; a move the caller's role may not make is 403. `to: Approved` is always 409 with `reviews` pointing to /api/assessment/reviews.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).WithIfMatch()
            .RequireAuthorization(PlatformPolicies.LifecycleWrite);
        models.MapPut("/{id}/risk-tier", SetRiskTier).WithName("SetModelRiskTier")
            .WithSummary("Retired: 409 pointing to POST /api/assessment/tierings, where a model's risk tier is decided; Inventory applies ModelTiered.")
            .ExcludeFromDescription()
            .RequireAuthorization(PlatformPolicies.RiskTierWrite);
        models.MapPost("/{id}/versions", AddVersion).WithName("AddModelVersion").WithSummary("Register a new version of a model.")
            .WithDescription("Adds a version with its artifact URI and training data reference. Answers 201 with the version's Location; a version name the model already has is 409.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .RequireAuthorization(PlatformPolicies.InventoryWrite);
        models.MapGet("/{id}/versions", ListVersions).WithName("ListModelVersions").WithSummary("The versions of a model, newest first.")
            .WithDescription("Every version of the model, newest first; 404 when the model is not in an org the caller may see.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        models.MapGet("/{id}/versions/{versionId}", GetVersion).WithName("GetModelVersion").WithSummary("One version of a model (the Location of AddModelVersion).")
            .WithDescription("One version of the model; 404 when either is unknown or the model is not in an org the caller may see.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    internal static async Task<Results<Created<ModelResponse>, ValidationProblem, ProblemHttpResult>> Register(
        RegisterModelRequest request, ClaimsPrincipal caller, InventoryDbContext db, TimeProvider time, HttpResponse response, CancellationToken ct)
    {
        var errors = ModelValidation.ValidateRegistration(request);
        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }
        if (!caller.WriteScope(CrossOrgWriters.Records).Includes(request.Org!))
        {
            return ApiProblems.Forbidden($"You may register models only in your orgs ({string.Join(", ", caller.Orgs())}).");
        }
        if (await db.Models.AsNoTracking().FirstOrDefaultAsync(m => m.Org == request.Org && m.Key == request.Key, ct) is { } existing)
        {
            return ApiProblems.Conflict($"Org '{request.Org}' already has a model with key '{request.Key}'.",
                new Dictionary<string, object?> { ["existingId"] = existing.Id });
        }
        var now = time.GetUtcNow();
        var actor = caller.Actor();
        var model = ModelChanges.Register(db, request, actor, now);
        if (await Editing.SaveAsync(db, ct, preconditionSent: false) is { } conflict)
        {
            return conflict;
        }
        response.Headers.ETag = ETags.For(model.Revision);
        return TypedResults.Created($"{BasePath}/{model.Id}", ModelResponse.From(model));
    }

    internal static async Task<Results<Ok<Page<ModelResponse>>, ValidationProblem>> List(
        [AsParameters] ListModelsQuery query, ClaimsPrincipal caller, InventoryDbContext db, CancellationToken ct)
    {
        var filter = query.ToFilter();
        var errors = ModelQueries.Validate(filter, query.Limit, query.Cursor);
        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }
        var page = await db.Models.VisibleTo(caller.ReadScope()).Matching(filter).PageAsync(query.Limit, query.Cursor, ct);
        return TypedResults.Ok(new Page<ModelResponse>(page.Items.Select(ModelResponse.From).ToList(), page.NextCursor));
    }

    internal static async Task<Results<Ok<ModelResponse>, ProblemHttpResult>> Get(
        string id, ClaimsPrincipal caller, InventoryDbContext db, HttpResponse response, CancellationToken ct)
    {
        var model = await db.Models.AsNoTracking().VisibleTo(caller.ReadScope()).FirstOrDefaultAsync(m => m.Id == id, ct);
        if (model is null)
        {
            return NotFound(id);
        }
        response.Headers.ETag = ETags.For(model.Revision);
        return TypedResults.Ok(ModelResponse.From(model));
    }

    internal static async Task<Results<Ok<ModelResponse>, ValidationProblem, ProblemHttpResult>> Update(
        string id, UpdateModelRequest request, ClaimsPrincipal caller, InventoryDbContext db, TimeProvider time,
        HttpRequest http, HttpResponse response, CancellationToken ct)
    {
        var (model, problem) = await Editing.LoadForEditAsync(db.Models.WritableIn(caller.WriteScope(CrossOrgWriters.Records)), id, http, NotFoundMessage(id), ct);
        if (model is null)
        {
            return problem!;
        }
        var details = request.MergeInto(model.Details);
        var errors = ModelValidation.ValidateDetails(details);
        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }
        if (ModelChanges.Update(db, model, details, caller.Actor(), time.GetUtcNow()).Count > 0
            && await Editing.SaveAsync(db, ct) is { } conflict)
        {
            return conflict;
        }
        response.Headers.ETag = ETags.For(model.Revision);
        return TypedResults.Ok(ModelResponse.From(model));
    }

    internal static async Task<Results<Ok<ModelResponse>, ValidationProblem, ProblemHttpResult>> Transition(
        string id, LifecycleTransitionRequest request, ClaimsPrincipal caller, InventoryDbContext db, TimeProvider time,
        HttpRequest http, HttpResponse response, CancellationToken ct)
    {
        var errors = ModelValidation.ValidateTransition(request);
        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }
        var visible = db.Models.Include(m => m.Versions).WritableIn(caller.WriteScope(CrossOrgWriters.Lifecycle));
        var (model, problem) = await Editing.LoadForEditAsync(visible, id, http, NotFoundMessage(id), ct);
        if (model is null)
        {
            return problem!;
        }
        if (ModelRecord.WhyNotByHand(request.To!.Value) is { } byReview)
        {
            // Nothing to permit: approval is no longer a move anyone makes here, so every caller hears where it is made.
            return ApiProblems.Conflict(byReview.Message, new Dictionary<string, object?> { ["reviews"] = ModelRecord.ReviewsPath });
        }
        var lifecycleActor = new LifecycleActor(
            IsApprover: caller.IsInRole(PlatformRoles.Approver),
            // Outside the caller's own orgs only their cross-org role counts: an integration that is also an approver
            // makes an approver's moves there, not an integration's.
            IsWriter: WriterRoles.Any(caller.IsInRole) && caller.WriteScope(CrossOrgWriters.Records).Includes(model.Org));
        if (Lifecycle.WhyNotPermitted(request.To.Value, lifecycleActor) is { } forbidden)
        {
            return ApiProblems.Forbidden(forbidden);
        }
        if (model.MoveTo(request.To.Value, request.Reason, caller.Actor(), time.GetUtcNow()) is { } refusal)
        {
            return refusal.ToProblem();
        }
        if (await Editing.SaveAsync(db, ct) is { } conflict)
        {
            return conflict;
        }
        response.Headers.ETag = ETags.For(model.Revision);
        return TypedResults.Ok(ModelResponse.From(model));
    }

    /// <summary>
    /// The tier comes from Assessment: a questionnaire scored against the tiering policy, or an analyst's recorded override,
    /// published as ModelTiered and applied by <see cref="ModelTieredConsumer"/>. Setting it here would bypass both.
    /// </summary>
    internal static ProblemHttpResult SetRiskTier(string id) =>
        ApiProblems.Conflict($"Model '{id}': a risk tier is set by tiering the model in Assessment (POST {TieringsPath}), which records the questionnaire or the override; Inventory applies the result.",
            new Dictionary<string, object?> { ["tierings"] = TieringsPath });

    internal static async Task<Results<Created<VersionResponse>, ValidationProblem, ProblemHttpResult>> AddVersion(
        string id, AddVersionRequest request, ClaimsPrincipal caller, InventoryDbContext db, TimeProvider time,
        HttpResponse response, CancellationToken ct)
    {
        var errors = ModelValidation.ValidateVersion(request);
        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }
        var model = await db.Models.Include(m => m.Versions).WritableIn(caller.WriteScope(CrossOrgWriters.Records)).FirstOrDefaultAsync(m => m.Id == id, ct);
        if (model is null)
        {
            return NotFound(id);
        }
        var (version, refusal) = model.AddVersion(Aggregate.NewId(), request.Version!, request.ArtifactUri!, request.TrainingDataReference, caller.Actor(), time.GetUtcNow());
        if (version is null)
        {
            return refusal!.ToProblem();
        }
        if (await Editing.SaveAsync(db, ct, preconditionSent: false) is { } conflict)
        {
            return conflict;
        }
        response.Headers.ETag = ETags.For(model.Revision);
        return TypedResults.Created($"{BasePath}/{model.Id}/versions/{version.Id}", VersionResponse.From(version));
    }

    internal static async Task<Results<Ok<IReadOnlyList<VersionResponse>>, ProblemHttpResult>> ListVersions(
        string id, ClaimsPrincipal caller, InventoryDbContext db, CancellationToken ct)
    {
        var visible = await db.Models.VisibleTo(caller.ReadScope()).AnyAsync(m => m.Id == id, ct);
        if (!visible)
        {
            return NotFound(id);
        }
        var versions = await db.ModelVersions.AsNoTracking().Where(v => v.ModelId == id).ToListAsync(ct);
        IReadOnlyList<VersionResponse> result = versions.OrderByDescending(v => v.CreatedAt).ThenByDescending(v => v.Id).Select(VersionResponse.From).ToList();
        return TypedResults.Ok(result);
    }

    internal static async Task<Results<Ok<VersionResponse>, ProblemHttpResult>> GetVersion(
        string id, string versionId, ClaimsPrincipal caller, InventoryDbContext db, CancellationToken ct)
    {
        var visible = await db.Models.VisibleTo(caller.ReadScope()).AnyAsync(m => m.Id == id, ct);
        var version = visible
            ? await db.ModelVersions.AsNoTracking().FirstOrDefaultAsync(v => v.ModelId == id && v.Id == versionId, ct)
            : null;
        return version is null
            ? ApiProblems.NotFound($"No version '{versionId}' of a model '{id}' in the orgs you may see.")
            : TypedResults.Ok(VersionResponse.From(version));
    }

    private static readonly string[] WriterRoles = [PlatformRoles.ModelOwner, PlatformRoles.RiskAnalyst, PlatformRoles.PlatformAdmin, PlatformRoles.Integration];

    private static string NotFoundMessage(string id) => $"No model '{id}' in the orgs you may see or change this way.";

    private static ProblemHttpResult NotFound(string id) => ApiProblems.NotFound(NotFoundMessage(id));
}
