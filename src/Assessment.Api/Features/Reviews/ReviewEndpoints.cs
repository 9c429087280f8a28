using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ModelRisk.Assessment.Inventory;
using ModelRisk.Assessment.Models.Mra;
using ModelRisk.Assessment.Models.Reviews;
using ModelRisk.Assessment.Models.Tiering;
using ModelRisk.DecisionLog;
using ModelRisk.ServiceDefaults;
using ModelRisk.ServiceDefaults.Identity;
using ModelRisk.ServiceDefaults.OpenApi;
using ModelRisk.ServiceKit.Domain;
using ModelRisk.ServiceKit.Http;
using ModelRisk.ServiceKit.Paging;

namespace ModelRisk.Assessment.Features.Reviews;

public static class ReviewEndpoints
{
    public const string BasePath = "/api/assessment/reviews";
    private const string CursorKind = "r";

    /// <summary>Who may act on reviews across orgs, per kind of action; everyone else acts in their own orgs only.</summary>
    private static readonly string[] TeamWriters = [PlatformRoles.RiskAnalyst, PlatformRoles.PlatformAdmin];
    private static readonly string[] Validators = [PlatformRoles.RiskAnalyst];
    private static readonly string[] Deciders = [PlatformRoles.Approver];
    private static readonly string[] Closers = [PlatformRoles.RiskAnalyst, PlatformRoles.Approver];

    public static IEndpointRouteBuilder MapReviewEndpoints(this IEndpointRouteBuilder app)
    {
        var reviews = app.MapGroup(BasePath).WithTags("Reviews").RequireAuthorization(PlatformPolicies.AssessmentRead);
        reviews.MapPost("/", Open).WithName("OpenReview")
            .WithSummary("Open a review of one model version in Draft; the model's latest tiering sets what the review requires.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable).WithETag()
            .RequireAuthorization(PlatformPolicies.AssessmentWrite);
        reviews.MapGet("/", List).WithName("ListReviews").WithSummary("Reviews you may see, filtered (org, model, state, tier, validator, overdue), with keyset paging.");
        reviews.MapGet("/{id}", Get).WithName("GetReview").WithSummary("One review with its evidence, transitions and decision; the ETag is its revision.")
            .ProducesProblem(StatusCodes.Status404NotFound).WithETag();
        reviews.MapGet("/{id}/intake", Intake).WithName("CheckReviewIntake").WithSummary("The tier's intake checklist against the review's evidence and the model's inventory record.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        reviews.MapPost("/{id}/evidence", AddEvidence).WithName("AddReviewEvidence")
            .WithSummary("Reference a piece of evidence (model card, evaluation report, data sheet, red-team results…) with its SHA-256 (If-Match required).")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).WithIfMatch()
            .RequireAuthorization(PlatformPolicies.AssessmentWrite);
        reviews.MapPost("/{id}/submit", Submit).WithName("SubmitReview").WithSummary("Submit a draft or returned review for intake (If-Match required).")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).WithIfMatch()
            .RequireAuthorization(PlatformPolicies.AssessmentWrite);
        reviews.MapPost("/{id}/return", Return).WithName("ReturnReview").WithSummary("Return a submitted review for what intake found missing (risk analysts; If-Match required).")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).WithIfMatch()
            .RequireAuthorization(PlatformPolicies.ReviewValidate);
        reviews.MapPut("/{id}/validator", AssignValidator).WithName("AssignReviewValidator")
            .WithSummary("Assign the validator, who must be independent of the model's owner, registrant, version authors and submitters (risk analysts; If-Match required).")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).WithIfMatch()
            .RequireAuthorization(PlatformPolicies.ReviewValidate);
        reviews.MapPost("/{id}/accept", Accept).WithName("AcceptReview")
            .WithSummary("Accept a submitted (or reopened) review into validation once intake is complete (risk analysts; If-Match required).")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).WithIfMatch()
            .RequireAuthorization(PlatformPolicies.ReviewValidate);
        reviews.MapPut("/{id}/mra", ReviseMra).WithName("ReviseModelRiskAssessment")
            .WithSummary("Write a new revision of the model risk assessment; earlier revisions stay readable (risk analysts; If-Match required).")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).WithIfMatch()
            .RequireAuthorization(PlatformPolicies.ReviewValidate);
        reviews.MapGet("/{id}/mra", GetMra).WithName("GetModelRiskAssessment").WithSummary("The latest revision of the model risk assessment.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        reviews.MapGet("/{id}/mra/revisions/{number:int}", GetMraRevision).WithName("GetModelRiskAssessmentRevision").WithSummary("One revision of the model risk assessment.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        reviews.MapPost("/{id}/decision", ProposeDecision).WithName("ProposeReviewDecision")
            .WithSummary("Propose the decision and sign it; it is taken when the tier's quorum of independent approvers has signed (approvers; If-Match required).")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).WithIfMatch()
            .RequireAuthorization(PlatformPolicies.ReviewDecide);
        reviews.MapPost("/{id}/decision/signatures", Sign).WithName("SignReviewDecision")
            .WithSummary("Sign the proposed decision (approvers independent of the model and the review; If-Match required).")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).WithIfMatch()
            .RequireAuthorization(PlatformPolicies.ReviewDecide);
        reviews.MapPost("/{id}/close", Close).WithName("CloseReview").WithSummary("Close a decided review (If-Match required).")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).WithIfMatch()
            .RequireAuthorization(PlatformPolicies.ReviewClose);
        reviews.MapPost("/{id}/reopen", Reopen).WithName("ReopenReview").WithSummary("Reopen a decided review with a reason; the decision stays in its history (If-Match required).")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).WithIfMatch()
            .RequireAuthorization(PlatformPolicies.ReviewClose);
        return app;
    }

    internal static async Task<Results<Created<ReviewResponse>, ValidationProblem, ProblemHttpResult>> Open(
        OpenReviewRequest request, ClaimsPrincipal caller, [AsParameters] ReviewServices services, HttpResponse response, CancellationToken ct)
    {
        var errors = new FieldErrors();
        errors.Text("modelId", request.ModelId, 40, required: true);
        errors.Text("modelVersionId", request.ModelVersionId, 40, required: true);
        errors.Defined("kind", request.Kind, required: true);
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        var model = await services.Inventory.GetModelAsync(request.ModelId!, ct);
        if (model is null)
        {
            return ApiProblems.NotFound($"No model '{request.ModelId}' in the orgs you may see.");
        }
        if (!caller.WriteScope(TeamWriters).Includes(model.Org))
        {
            return ApiProblems.Forbidden($"You may open reviews only in your orgs ({string.Join(", ", caller.Orgs())}).");
        }
        if (model.Versions.FirstOrDefault(v => v.Id == request.ModelVersionId) is not { } version)
        {
            return ApiProblems.Validation(new Dictionary<string, string[]> { ["modelVersionId"] = [$"Model '{model.Id}' has no version '{request.ModelVersionId}'."] });
        }
        // Ids are time-ordered: the greatest is the latest tiering.
        var tiering = await services.Db.Tierings.AsNoTracking().Where(t => t.ModelId == model.Id).OrderByDescending(t => t.Id).FirstOrDefaultAsync(ct);
        if (tiering is null)
        {
            return ApiProblems.Conflict("The model has no risk tier yet: answer the tiering questionnaire first (POST /api/assessment/tierings).");
        }
        if (await services.Db.Reviews.AnyAsync(r => r.ModelVersionId == version.Id && r.State != ReviewState.Closed && r.State != ReviewState.Decided, ct))
        {
            return ApiProblems.Conflict($"Version {version.Version} already has an open review.");
        }
        var policy = await services.Policies.UsedForAsync(tiering.PolicyVersion, ct);
        var review = Review.Open(new ReviewOpening(
            model.Org, model.Id, model.Name, version.Id, version.Version, request.Kind!.Value, model.RegisteredBy, [version.CreatedBy], model.Owner,
            tiering.Tier, tiering.PolicyVersion, tiering.Id, TieringScorer.RequiredEvidence(policy, tiering.Tier, tiering.HasGenAiExposure),
            policy.Requirements[tiering.Tier]), caller.Actor(), services.Time.GetUtcNow());
        services.Db.Reviews.Add(review);
        if (await Editing.SaveAsync(services.Db, ct, preconditionSent: false) is { } conflict)
        {
            return conflict;
        }
        response.Headers.ETag = ETags.For(review.Revision);
        return TypedResults.Created($"{BasePath}/{review.Id}", ReviewResponse.From(review));
    }

    internal static async Task<Results<Ok<Page<ReviewResponse>>, ValidationProblem>> List(
        [AsParameters] ListReviewsQuery query, ClaimsPrincipal caller, [AsParameters] ReviewServices services, CancellationToken ct)
    {
        var errors = new FieldErrors();
        errors.ValidatePaging(query.Limit, query.Cursor, CursorKind);
        if (query.Org is not null)
        {
            errors.Slug("org", query.Org);
        }
        errors.Text("modelId", query.ModelId, 40);
        errors.Text("validator", query.Validator, 200);
        errors.Defined("state", query.State);
        errors.Defined("tier", query.Tier);
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        var reviews = services.Db.Reviews.VisibleTo(caller.ReadScope());
        if (query.Org is not null)
        {
            reviews = reviews.Where(r => r.Org == query.Org);
        }
        if (query.ModelId is not null)
        {
            reviews = reviews.Where(r => r.ModelId == query.ModelId);
        }
        if (query.State is { } state)
        {
            reviews = reviews.Where(r => r.State == state);
        }
        if (query.Tier is { } tier)
        {
            reviews = reviews.Where(r => r.Tier == tier);
        }
        if (query.Validator is not null)
        {
            reviews = reviews.Where(r => r.Validator == query.Validator);
        }
        if (query.Overdue is { } overdue)
        {
            // Overdue: an approval whose renewal date has passed and whose model has not been revalidated since.
            var today = DateOnly.FromDateTime(services.Time.GetUtcNow().UtcDateTime);
            reviews = overdue
                ? reviews.Where(r => r.RenewalDue != null && r.RenewalDue < today && r.State != ReviewState.Reopened)
                : reviews.Where(r => r.RenewalDue == null || r.RenewalDue >= today);
        }
        var page = await reviews.PageAsync(query.Limit, query.Cursor, CursorKind, ct);
        return TypedResults.Ok(new Page<ReviewResponse>([.. page.Items.Select(ReviewResponse.From)], page.NextCursor));
    }

    internal static async Task<Results<Ok<ReviewResponse>, ProblemHttpResult>> Get(
        string id, ClaimsPrincipal caller, [AsParameters] ReviewServices services, HttpResponse response, CancellationToken ct)
    {
        var review = await services.Db.Reviews.AsNoTracking().VisibleTo(caller.ReadScope()).FirstOrDefaultAsync(r => r.Id == id, ct);
        if (review is null)
        {
            return ApiProblems.NotFound(NotFound(id));
        }
        response.Headers.ETag = ETags.For(review.Revision);
        return TypedResults.Ok(ReviewResponse.From(review));
    }

    internal static async Task<Results<Ok<IntakeCheck>, ProblemHttpResult>> Intake(
        string id, ClaimsPrincipal caller, [AsParameters] ReviewServices services, CancellationToken ct)
    {
        var review = await services.Db.Reviews.AsNoTracking().VisibleTo(caller.ReadScope()).FirstOrDefaultAsync(r => r.Id == id, ct);
        if (review is null)
        {
            return ApiProblems.NotFound(NotFound(id));
        }
        var model = await services.Inventory.GetModelAsync(review.ModelId, ct);
        return TypedResults.Ok(await CheckIntakeAsync(review, model, services, ct));
    }

    internal static Task<Results<Ok<ReviewResponse>, ValidationProblem, ProblemHttpResult>> AddEvidence(
        string id, AddEvidenceRequest request, ClaimsPrincipal caller, [AsParameters] ReviewServices services, HttpContext http, CancellationToken ct)
    {
        var errors = new FieldErrors();
        errors.Slug("kind", request.Kind);
        errors.Uri("uri", request.Uri, httpOnly: false);
        errors.Sha256("sha256", request.Sha256);
        return errors.Any
            ? Task.FromResult<Results<Ok<ReviewResponse>, ValidationProblem, ProblemHttpResult>>(errors.ToProblem())
            : EditAsync(id, caller.WriteScope(TeamWriters), services, http,
                (review, now) => Task.FromResult(review.AddEvidence(request.Kind!, request.Uri!, request.Sha256!, caller.Actor(), now)), ct);
    }

    internal static Task<Results<Ok<ReviewResponse>, ValidationProblem, ProblemHttpResult>> Submit(
        string id, ClaimsPrincipal caller, [AsParameters] ReviewServices services, HttpContext http, CancellationToken ct) =>
        EditAsync(id, caller.WriteScope(TeamWriters), services, http, async (review, now) =>
        {
            var model = await services.Inventory.GetModelAsync(review.ModelId, ct);
            return review.Submit(caller.Actor(), now, MetadataGaps(review, model, await services.Policies.FindAsync(review.PolicyVersion, ct)));
        }, ct);

    internal static Task<Results<Ok<ReviewResponse>, ValidationProblem, ProblemHttpResult>> Return(
        string id, ReturnReviewRequest request, ClaimsPrincipal caller, [AsParameters] ReviewServices services, HttpContext http, CancellationToken ct)
    {
        var errors = new FieldErrors();
        errors.Text("reason", request.Reason, 2000, required: true);
        return errors.Any
            ? Task.FromResult<Results<Ok<ReviewResponse>, ValidationProblem, ProblemHttpResult>>(errors.ToProblem())
            : EditAsync(id, caller.WriteScope(Validators), services, http, (review, now) => Task.FromResult(review.Return(request.Reason!, caller.Actor(), now)), ct);
    }

    internal static Task<Results<Ok<ReviewResponse>, ValidationProblem, ProblemHttpResult>> AssignValidator(
        string id, AssignValidatorRequest request, ClaimsPrincipal caller, [AsParameters] ReviewServices services, HttpContext http, CancellationToken ct)
    {
        var errors = new FieldErrors();
        errors.Text("validator", request.Validator, 200, required: true);
        return errors.Any
            ? Task.FromResult<Results<Ok<ReviewResponse>, ValidationProblem, ProblemHttpResult>>(errors.ToProblem())
            : EditAsync(id, caller.WriteScope(Validators), services, http, (review, now) => Task.FromResult(review.AssignValidator(request.Validator!.Trim(), caller.Actor(), now)), ct);
    }

    internal static Task<Results<Ok<ReviewResponse>, ValidationProblem, ProblemHttpResult>> Accept(
        string id, ClaimsPrincipal caller, [AsParameters] ReviewServices services, HttpContext http, CancellationToken ct) =>
        EditAsync(id, caller.WriteScope(Validators), services, http, async (review, now) =>
        {
            var model = await services.Inventory.GetModelAsync(review.ModelId, ct);
            return review.Accept(caller.Actor(), now, MetadataGaps(review, model, await services.Policies.FindAsync(review.PolicyVersion, ct)));
        }, ct);

    internal static async Task<Results<Created<MraRevisionResponse>, ValidationProblem, ProblemHttpResult>> ReviseMra(
        string id, MraContent request, ClaimsPrincipal caller, [AsParameters] ReviewServices services, HttpContext http, CancellationToken ct)
    {
        var errors = MraValidation.Validate(request);
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        var (review, problem) = await Editing.LoadForEditAsync(services.Db.Reviews.WritableIn(caller.WriteScope(Validators)), id, http.Request, NotFound(id), ct);
        if (review is null)
        {
            return problem!;
        }
        var now = services.Time.GetUtcNow();
        if (review.ReviseMra(caller.Actor(), now) is { } refusal)
        {
            return refusal.ToProblem();
        }
        var revision = new MraRevision
        {
            ReviewId = review.Id, Number = review.MraRevisions, Org = review.Org, Content = CanonicalJson.From(request), Author = caller.Actor(), CreatedAt = now,
        };
        services.Db.MraRevisions.Add(revision);
        if (await Editing.SaveAsync(services.Db, ct) is { } conflict)
        {
            return conflict;
        }
        http.Response.Headers.ETag = ETags.For(review.Revision);
        return TypedResults.Created($"{BasePath}/{review.Id}/mra/revisions/{revision.Number}", ToResponse(revision));
    }

    internal static async Task<Results<Ok<MraRevisionResponse>, ProblemHttpResult>> GetMra(
        string id, ClaimsPrincipal caller, [AsParameters] ReviewServices services, CancellationToken ct) =>
        await FindMraAsync(id, null, caller, services, ct);

    internal static async Task<Results<Ok<MraRevisionResponse>, ProblemHttpResult>> GetMraRevision(
        string id, int number, ClaimsPrincipal caller, [AsParameters] ReviewServices services, CancellationToken ct) =>
        await FindMraAsync(id, number, caller, services, ct);

    internal static async Task<Results<Ok<ReviewResponse>, ValidationProblem, ProblemHttpResult>> ProposeDecision(
        string id, ProposeDecisionRequest request, ClaimsPrincipal caller, [AsParameters] ReviewServices services, HttpContext http, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(services.Time.GetUtcNow().UtcDateTime);
        var errors = new FieldErrors();
        errors.Defined("outcome", request.Outcome, required: true);
        errors.Text("rationale", request.Rationale, 4000, required: true);
        errors.List("conditions", request.Conditions, (f, c) =>
        {
            errors.Text($"{f}.description", c.Description, 2000, required: true);
            errors.Text($"{f}.owner", c.Owner, 200, required: true);
            Future(errors, $"{f}.dueDate", c.DueDate, today);
            errors.List($"{f}.verificationSteps", c.VerificationSteps, (g, step) => errors.Text(g, step, 1000, required: true), 20, required: true);
        }, 50);
        errors.List("riskAcceptances", request.RiskAcceptances, (f, a) =>
        {
            errors.Text($"{f}.description", a.Description, 2000, required: true);
            errors.Text($"{f}.accountableApprover", a.AccountableApprover, 200, required: true);
            errors.List($"{f}.compensatingControls", a.CompensatingControls, (g, control) => errors.Text(g, control, 1000, required: true), 20, required: true);
            Future(errors, $"{f}.expires", a.Expires, today);
        }, 20);
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        var conditions = (request.Conditions ?? []).Select(c => new ConditionOfApproval(Aggregate.NewId(), c.Description!, c.Owner!, c.DueDate!.Value, c.VerificationSteps!)).ToList();
        var acceptances = (request.RiskAcceptances ?? []).Select(a => new RiskAcceptance(Aggregate.NewId(), a.Description!, a.AccountableApprover!, a.CompensatingControls!, a.Expires!.Value)).ToList();
        return await EditAsync(id, caller.WriteScope(Deciders), services, http, (review, now) => Task.FromResult(
            review.ProposeDecision(request.Outcome!.Value, request.Rationale!, conditions, acceptances, caller.Actor(), Roles(caller), now)), ct);
    }

    internal static Task<Results<Ok<ReviewResponse>, ValidationProblem, ProblemHttpResult>> Sign(
        string id, ClaimsPrincipal caller, [AsParameters] ReviewServices services, HttpContext http, CancellationToken ct) =>
        EditAsync(id, caller.WriteScope(Deciders), services, http, (review, now) => Task.FromResult(review.Sign(caller.Actor(), Roles(caller), now)), ct);

    internal static Task<Results<Ok<ReviewResponse>, ValidationProblem, ProblemHttpResult>> Close(
        string id, ClaimsPrincipal caller, [AsParameters] ReviewServices services, HttpContext http, CancellationToken ct) =>
        EditAsync(id, caller.WriteScope(Closers), services, http, (review, now) => Task.FromResult(review.Close(caller.Actor(), now)), ct);

    internal static Task<Results<Ok<ReviewResponse>, ValidationProblem, ProblemHttpResult>> Reopen(
        string id, ReopenReviewRequest request, ClaimsPrincipal caller, [AsParameters] ReviewServices services, HttpContext http, CancellationToken ct)
    {
        var errors = new FieldErrors();
        errors.Text("reason", request.Reason, 2000, required: true);
        return errors.Any
            ? Task.FromResult<Results<Ok<ReviewResponse>, ValidationProblem, ProblemHttpResult>>(errors.ToProblem())
            : EditAsync(id, caller.WriteScope(Closers), services, http, (review, now) => Task.FromResult(review.Reopen(request.Reason!, caller.Actor(), now)), ct);
    }

    /// <summary>Every edit of a review: load within the write scope with If-Match, apply the rule, save with its events and log entries.</summary>
    private static async Task<Results<Ok<ReviewResponse>, ValidationProblem, ProblemHttpResult>> EditAsync(
        string id, WriteScope scope, ReviewServices services, HttpContext http, Func<Review, DateTimeOffset, Task<Refusal?>> change, CancellationToken ct)
    {
        var (review, problem) = await Editing.LoadForEditAsync(services.Db.Reviews.WritableIn(scope), id, http.Request, NotFound(id), ct);
        if (review is null)
        {
            return problem!;
        }
        if (await change(review, services.Time.GetUtcNow()) is { } refusal)
        {
            return refusal.Kind == RefusalKind.Invalid ? ApiProblems.Validation(new Dictionary<string, string[]> { [refusal.Field ?? "body"] = [refusal.Message] }) : refusal.ToProblem();
        }
        if (await Editing.SaveAsync(services.Db, ct) is { } conflict)
        {
            return conflict;
        }
        http.Response.Headers.ETag = ETags.For(review.Revision);
        return TypedResults.Ok(ReviewResponse.From(review));
    }

    private static async Task<IntakeCheck> CheckIntakeAsync(Review review, InventoryModel? model, ReviewServices services, CancellationToken ct)
    {
        var policy = await services.Policies.FindAsync(review.PolicyVersion, ct);
        var items = review.RequiredEvidence
            .Select(kind => review.Evidence.FirstOrDefault(e => e.Kind == kind) is { } e
                ? new IntakeItem(kind, true, $"{e.Uri} (SHA-256 {e.Sha256})")
                : new IntakeItem(kind, false, "No evidence of this kind is attached."))
            .ToList();
        var gaps = MetadataGaps(review, model, policy);
        items.AddRange(MetadataItems.Select(item => new IntakeItem(item, !gaps.Contains(item), gaps.Contains(item) ? "Missing from the model's inventory record." : "Present in the inventory.")));
        return new IntakeCheck(items.All(i => i.Met), items);
    }

    private static readonly string[] MetadataItems = ["owner", "intended use", "deployment endpoint", "monitoring link"];

    /// <summary>What the model's inventory record lacks for its tier; a model the caller cannot read lacks everything.</summary>
    private static List<string> MetadataGaps(Review review, InventoryModel? model, TieringPolicy? policy)
    {
        if (model is null)
        {
            return [.. MetadataItems];
        }
        var gaps = new List<string>();
        if (string.IsNullOrWhiteSpace(model.Owner))
        {
            gaps.Add("owner");
        }
        if (string.IsNullOrWhiteSpace(model.IntendedUse))
        {
            gaps.Add("intended use");
        }
        if (model.DeploymentEndpoints == 0 && review.Tier >= RiskTier.High)
        {
            gaps.Add("deployment endpoint");
        }
        if (model.MonitoringLinks == 0 && policy?.Requirements[review.Tier].MonitoringMandatory == true)
        {
            gaps.Add("monitoring link");
        }
        return gaps;
    }

    private static async Task<Results<Ok<MraRevisionResponse>, ProblemHttpResult>> FindMraAsync(string id, int? number, ClaimsPrincipal caller, ReviewServices services, CancellationToken ct)
    {
        var review = await services.Db.Reviews.AsNoTracking().VisibleTo(caller.ReadScope()).FirstOrDefaultAsync(r => r.Id == id, ct);
        if (review is null)
        {
            return ApiProblems.NotFound(NotFound(id));
        }
        var revisions = services.Db.MraRevisions.AsNoTracking().Where(m => m.ReviewId == id);
        var revision = number is { } n
            ? await revisions.FirstOrDefaultAsync(m => m.Number == n, ct)
            : await revisions.OrderByDescending(m => m.Number).FirstOrDefaultAsync(ct);
        return revision is null
            ? ApiProblems.NotFound(number is null ? "The review has no model risk assessment yet." : $"The review has no assessment revision {number}.")
            : TypedResults.Ok(ToResponse(revision));
    }

    private static MraRevisionResponse ToResponse(MraRevision revision) => new(revision.ReviewId, revision.Number,
        System.Text.Json.JsonSerializer.Deserialize<MraContent>(revision.Content, System.Text.Json.JsonSerializerOptions.Web)!, revision.Author, revision.CreatedAt);

    private static void Future(FieldErrors errors, string field, DateOnly? date, DateOnly today)
    {
        if (date is null)
        {
            errors.Add(field, "Required: a date (yyyy-mm-dd).");
        }
        else if (date <= today)
        {
            errors.Add(field, "A date after today.");
        }
    }

    private static string[] Roles(ClaimsPrincipal caller) => [.. PlatformRoles.All.Where(caller.IsInRole)];

    private static string NotFound(string id) => $"No review '{id}' in the orgs you may see.";
}
