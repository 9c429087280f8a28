using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ModelRisk.Findings.Models.Findings;
using ModelRisk.Findings.Models.Sla;
using ModelRisk.ServiceDefaults;
using ModelRisk.ServiceDefaults.Identity;
using ModelRisk.ServiceDefaults.OpenApi;
using ModelRisk.ServiceKit.Csv;
using ModelRisk.ServiceKit.Domain;
using ModelRisk.ServiceKit.Http;
using ModelRisk.ServiceKit.Paging;

namespace ModelRisk.Findings.Features.Findings;

public static class FindingEndpoints
{
    public const string BasePath = "/api/findings";

    /// <summary>Who may act on findings across orgs, per kind of action; everyone else acts in their own orgs only.</summary>
    private static readonly string[] TeamWriters = [PlatformRoles.RiskAnalyst, PlatformRoles.PlatformAdmin];
    private static readonly string[] Verifiers = [PlatformRoles.RiskAnalyst, PlatformRoles.Approver];
    private static readonly string[] RiskApprovers = [PlatformRoles.Approver];

    /// <summary>Sources a person may name when raising a finding by hand; the others arrive as events or from an incident.</summary>
    private static readonly FindingSource[] ByHand = [FindingSource.Audit, FindingSource.Manual];

    public static IEndpointRouteBuilder MapFindingEndpoints(this IEndpointRouteBuilder app)
    {
        var findings = app.MapGroup(BasePath).WithTags("Findings").RequireAuthorization(PlatformPolicies.FindingsRead);
        findings.MapPost("/", Raise).WithName("RaiseFinding")
            .WithSummary("Raise a finding by hand (Audit or Manual); its due date comes from the org's SLA policy for its severity.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).WithETag()
            .RequireAuthorization(PlatformPolicies.FindingsWrite);
        findings.MapGet("/", List).WithName("ListFindings")
            .WithSummary("Findings you may see, filtered (org, modelId, severity, state, owner, overdue, source), with keyset paging.");
        findings.MapGet("/export", Export).WithName("ExportFindings")
            .WithSummary("The findings you may see, filtered like the list, as CSV with every cell guarded against spreadsheet formulas.")
            .Produces<string>(StatusCodes.Status200OK, "text/csv");
        findings.MapGet("/{id}", Get).WithName("GetFinding")
            .WithSummary("One finding with its evidence, comments and full history; the ETag is its revision.")
            .ProducesProblem(StatusCodes.Status404NotFound).WithETag();
        findings.MapPatch("/{id}", Update).WithName("UpdateFinding")
            .WithSummary("Change the title, description, owner, remediation plan or verification steps (If-Match required); each change is logged.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).WithIfMatch()
            .RequireAuthorization(PlatformPolicies.FindingsWrite);
        findings.MapPut("/{id}/severity", ChangeSeverity).WithName("ChangeFindingSeverity")
            .WithSummary("Change the severity with a rationale; the due date is recomputed under the org's SLA policy (If-Match required).")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).WithIfMatch()
            .RequireAuthorization(PlatformPolicies.FindingsWrite);
        findings.MapPost("/{id}/remediation", StartRemediation).WithName("StartFindingRemediation")
            .WithSummary("Start remediation, naming the remediator and the plan (If-Match required).")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).WithIfMatch()
            .RequireAuthorization(PlatformPolicies.FindingsWrite);
        findings.MapPost("/{id}/ready-for-verification", ReadyForVerification).WithName("MarkFindingReadyForVerification")
            .WithSummary("Declare the fix ready for verification; closure evidence must be attached (If-Match required).")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).WithIfMatch()
            .RequireAuthorization(PlatformPolicies.FindingsWrite);
        findings.MapPost("/{id}/verification", Verify).WithName("VerifyFinding")
            .WithSummary("Verify the fix: passed closes the finding, failed returns it to remediation. Never by its owner or a remediator (If-Match required).")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).WithIfMatch()
            .RequireAuthorization(PlatformPolicies.FindingVerify);
        findings.MapPost("/{id}/risk-acceptance", AcceptRisk).WithName("AcceptFindingRisk")
            .WithSummary("Accept the finding's risk until an expiry; when it passes the finding reopens (approvers other than the owner; If-Match required).")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).WithIfMatch()
            .RequireAuthorization(PlatformPolicies.FindingRiskAccept);
        findings.MapPost("/{id}/reopen", Reopen).WithName("ReopenFinding")
            .WithSummary("Reopen a closed or risk-accepted finding with a reason; its SLA clock starts again (If-Match required).")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).WithIfMatch()
            .RequireAuthorization(PlatformPolicies.FindingsWrite);
        findings.MapPost("/{id}/evidence", AddEvidence).WithName("AddFindingEvidence")
            .WithSummary("Reference closure evidence (a report, a pull request, a re-run) with the SHA-256 of its content (If-Match required).")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).WithIfMatch()
            .RequireAuthorization(PlatformPolicies.FindingsWrite);
        findings.MapPost("/{id}/comments", AddComment).WithName("CommentOnFinding")
            .WithSummary("Add a comment (If-Match required).")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).WithIfMatch()
            .RequireAuthorization(PlatformPolicies.FindingsWrite);
        return app;
    }

    internal static async Task<Results<Created<FindingResponse>, ValidationProblem, ProblemHttpResult>> Raise(
        RaiseFindingRequest request, ClaimsPrincipal caller, [AsParameters] FindingServices services, HttpResponse response, CancellationToken ct)
    {
        var errors = new FieldErrors();
        errors.Slug("org", request.Org);
        errors.Text("modelId", request.ModelId, 40, required: true, multiline: false);
        errors.Text("modelVersionId", request.ModelVersionId, 40, multiline: false);
        errors.Text("reviewId", request.ReviewId, 40, multiline: false);
        errors.Defined("source", request.Source, required: true);
        if (request.Source is { } source && Enum.IsDefined(source) && !ByHand.Contains(source))
        {
            errors.Add("source", $"By hand only {string.Join(" or ", ByHand)}; the other sources raise findings through their events.");
        }
        errors.Text("sourceKey", request.SourceKey, 300, multiline: false);
        ValidateContent(errors, request.Title, request.Description, request.Owner, request.VerificationSteps, required: true);
        errors.Defined("severity", request.Severity, required: true);
        errors.Text("severityRationale", request.SeverityRationale, Finding.TextMaxLength, required: true);
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        if (!caller.WriteScope(TeamWriters).Includes(request.Org!))
        {
            return ApiProblems.Forbidden($"You may raise findings only in your orgs ({string.Join(", ", caller.Orgs())}).");
        }
        var sourceKey = request.SourceKey ?? $"{request.Source!.Value.ToString().ToLowerInvariant()}/{Aggregate.NewId()}";
        if (await services.Db.Findings.AsNoTracking().Where(f => f.SourceKey == sourceKey).Select(f => new { f.Id, f.Org }).FirstOrDefaultAsync(ct) is { } existing)
        {
            return ApiProblems.Conflict($"A finding with source key '{sourceKey}' exists already; a source key opens one finding.",
                caller.ReadScope().Includes(existing.Org) ? new Dictionary<string, object?> { ["findingId"] = existing.Id } : null);
        }
        var terms = await services.Sla.TermsForAsync(request.Org!, ct);
        var now = services.Time.GetUtcNow();
        var finding = Finding.Open(new FindingOpening(request.Org!, request.ModelId!, request.ModelVersionId, request.ReviewId, request.Source!.Value, sourceKey,
            request.Title!, request.Description ?? "", request.Severity!.Value, request.SeverityRationale!, request.Owner!, request.VerificationSteps ?? []),
            terms, caller.Actor(), now);
        services.Db.Findings.Add(finding);
        if (await Editing.SaveAsync(services.Db, ct, preconditionSent: false) is { } conflict)
        {
            return conflict;
        }
        response.Headers.ETag = ETags.For(finding.Revision);
        return TypedResults.Created($"{BasePath}/{finding.Id}", FindingResponse.From(finding, now));
    }

    internal static async Task<Results<Ok<Page<FindingResponse>>, ValidationProblem>> List(
        [AsParameters] ListFindingsQuery query, ClaimsPrincipal caller, [AsParameters] FindingServices services, CancellationToken ct)
    {
        var filter = query.ToFilter();
        var errors = FindingQueries.Validate(filter, query.Limit, query.Cursor);
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        var now = services.Time.GetUtcNow();
        var page = await services.Db.Findings.VisibleTo(caller.ReadScope()).Matching(filter, now)
            .PageAsync(query.Limit, query.Cursor, FindingQueries.CursorKind, ct);
        return TypedResults.Ok(new Page<FindingResponse>([.. page.Items.Select(f => FindingResponse.From(f, now))], page.NextCursor));
    }

    internal static async Task<Results<EmptyHttpResult, ValidationProblem>> Export(
        [AsParameters] ExportFindingsQuery query, ClaimsPrincipal caller, [AsParameters] FindingServices services, HttpResponse response, CancellationToken ct)
    {
        var filter = query.ToFilter();
        var errors = FindingQueries.Validate(filter, null, null);
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        var now = services.Time.GetUtcNow();
        response.ContentType = "text/csv; charset=utf-8";
        response.Headers.ContentDisposition = "attachment; filename=findings.csv";
        await PagedExport.WriteLinesAsync(services.Db.Findings.VisibleTo(caller.ReadScope()).Matching(filter, now), FindingCsv.Header,
            f => FindingCsv.FormatRow(f, now), response.Body, ct);
        return TypedResults.Empty;
    }

    internal static async Task<Results<Ok<FindingResponse>, ProblemHttpResult>> Get(
        string id, ClaimsPrincipal caller, [AsParameters] FindingServices services, HttpResponse response, CancellationToken ct)
    {
        var finding = await services.Db.Findings.AsNoTracking().VisibleTo(caller.ReadScope()).FirstOrDefaultAsync(f => f.Id == id, ct);
        if (finding is null)
        {
            return ApiProblems.NotFound(NotFound(id));
        }
        response.Headers.ETag = ETags.For(finding.Revision);
        return TypedResults.Ok(FindingResponse.From(finding, services.Time.GetUtcNow()));
    }

    internal static Task<Results<Ok<FindingResponse>, ValidationProblem, ProblemHttpResult>> Update(
        string id, UpdateFindingRequest request, ClaimsPrincipal caller, [AsParameters] FindingServices services, HttpContext http, CancellationToken ct)
    {
        var errors = new FieldErrors();
        ValidateContent(errors, request.Title, request.Description, request.Owner, request.VerificationSteps, required: false);
        errors.Text("remediationPlan", request.RemediationPlan, Finding.TextMaxLength);
        if (request is { Title: null, Description: null, Owner: null, RemediationPlan: null, VerificationSteps: null })
        {
            errors.Add("body", "Name at least one of title, description, owner, remediationPlan, verificationSteps.");
        }
        return errors.Any
            ? Refused(errors)
            : EditAsync(id, caller.WriteScope(TeamWriters), services, http, (finding, _, now) =>
            {
                finding.Edit(request.Title, request.Description, request.Owner?.Trim(), request.RemediationPlan, request.VerificationSteps, caller.Actor(), now);
                return null;
            }, ct);
    }

    internal static Task<Results<Ok<FindingResponse>, ValidationProblem, ProblemHttpResult>> ChangeSeverity(
        string id, ChangeSeverityRequest request, ClaimsPrincipal caller, [AsParameters] FindingServices services, HttpContext http, CancellationToken ct)
    {
        var errors = new FieldErrors();
        errors.Defined("severity", request.Severity, required: true);
        errors.Text("rationale", request.Rationale, Finding.TextMaxLength, required: true);
        return errors.Any
            ? Refused(errors)
            : EditAsync(id, caller.WriteScope(TeamWriters), services, http,
                (finding, terms, now) => finding.ChangeSeverity(request.Severity!.Value, request.Rationale!, terms, caller.Actor(), now), ct);
    }

    internal static Task<Results<Ok<FindingResponse>, ValidationProblem, ProblemHttpResult>> StartRemediation(
        string id, StartRemediationRequest request, ClaimsPrincipal caller, [AsParameters] FindingServices services, HttpContext http, CancellationToken ct)
    {
        var errors = new FieldErrors();
        errors.Text("remediator", request.Remediator, Finding.ActorMaxLength, multiline: false);
        errors.Text("remediationPlan", request.RemediationPlan, Finding.TextMaxLength);
        return errors.Any
            ? Refused(errors)
            : EditAsync(id, caller.WriteScope(TeamWriters), services, http,
                (finding, terms, now) => finding.StartRemediation(request.Remediator?.Trim(), request.RemediationPlan, terms, caller.Actor(), now), ct);
    }

    internal static Task<Results<Ok<FindingResponse>, ValidationProblem, ProblemHttpResult>> ReadyForVerification(
        string id, ReadyForVerificationRequest request, ClaimsPrincipal caller, [AsParameters] FindingServices services, HttpContext http, CancellationToken ct)
    {
        var errors = new FieldErrors();
        errors.Text("note", request.Note, Finding.TextMaxLength);
        return errors.Any
            ? Refused(errors)
            : EditAsync(id, caller.WriteScope(TeamWriters), services, http,
                (finding, terms, now) => finding.ReadyForVerification(request.Note, terms, caller.Actor(), now), ct);
    }

    internal static Task<Results<Ok<FindingResponse>, ValidationProblem, ProblemHttpResult>> Verify(
        string id, VerificationRequest request, ClaimsPrincipal caller, [AsParameters] FindingServices services, HttpContext http, CancellationToken ct)
    {
        var errors = new FieldErrors();
        errors.Required("passed", request.Passed, "true closes the finding, false returns it to remediation");
        errors.Text("notes", request.Notes, Finding.TextMaxLength, required: true);
        return errors.Any
            ? Refused(errors)
            : EditAsync(id, caller.WriteScope(Verifiers), services, http,
                (finding, terms, now) => finding.Verify(request.Passed!.Value, request.Notes!, terms, caller.Actor(), now), ct);
    }

    internal static Task<Results<Ok<FindingResponse>, ValidationProblem, ProblemHttpResult>> AcceptRisk(
        string id, AcceptRiskRequest request, ClaimsPrincipal caller, [AsParameters] FindingServices services, HttpContext http, CancellationToken ct)
    {
        var errors = new FieldErrors();
        errors.Text("rationale", request.Rationale, Finding.TextMaxLength, required: true);
        var now = services.Time.GetUtcNow();
        if (request.Expires is not { } expires)
        {
            errors.Add("expires", "Required: when the acceptance ends (ISO 8601); an acceptance without an expiry is not allowed.");
        }
        else if (expires <= now || expires > now.AddDays(366))
        {
            errors.Add("expires", "A time after now and within a year.");
        }
        return errors.Any
            ? Refused(errors)
            : EditAsync(id, caller.WriteScope(RiskApprovers), services, http,
                (finding, terms, at) => finding.AcceptRisk(request.Rationale!, request.Expires!.Value, terms, caller.Actor(), at), ct);
    }

    internal static Task<Results<Ok<FindingResponse>, ValidationProblem, ProblemHttpResult>> Reopen(
        string id, ReopenFindingRequest request, ClaimsPrincipal caller, [AsParameters] FindingServices services, HttpContext http, CancellationToken ct)
    {
        var errors = new FieldErrors();
        errors.Text("reason", request.Reason, Finding.TextMaxLength, required: true);
        return errors.Any
            ? Refused(errors)
            : EditAsync(id, caller.WriteScope(TeamWriters), services, http,
                (finding, terms, now) => finding.Reopen(request.Reason!, terms, caller.Actor(), now), ct);
    }

    internal static Task<Results<Ok<FindingResponse>, ValidationProblem, ProblemHttpResult>> AddEvidence(
        string id, AddEvidenceRequest request, ClaimsPrincipal caller, [AsParameters] FindingServices services, HttpContext http, CancellationToken ct)
    {
        var errors = new FieldErrors();
        errors.Uri("uri", request.Uri, httpOnly: false);
        errors.Sha256("sha256", request.Sha256);
        errors.Text("description", request.Description, 2000);
        return errors.Any
            ? Refused(errors)
            : EditAsync(id, caller.WriteScope(TeamWriters), services, http, (finding, _, now) =>
            {
                if (finding.State == FindingState.Closed)
                {
                    return Refusal.IllegalTransition("The finding is closed; reopen it to add evidence.");
                }
                if (finding.Evidence.Count >= 100)
                {
                    return Refusal.Conflict("A finding holds at most 100 evidence references.");
                }
                finding.AddEvidence(request.Uri!, request.Sha256!, request.Description, caller.Actor(), now);
                return null;
            }, ct);
    }

    internal static Task<Results<Ok<FindingResponse>, ValidationProblem, ProblemHttpResult>> AddComment(
        string id, AddCommentRequest request, ClaimsPrincipal caller, [AsParameters] FindingServices services, HttpContext http, CancellationToken ct)
    {
        var errors = new FieldErrors();
        errors.Text("text", request.Text, 4000, required: true);
        return errors.Any
            ? Refused(errors)
            : EditAsync(id, caller.WriteScope(TeamWriters), services, http, (finding, _, now) =>
            {
                if (finding.Comments.Count >= 500)
                {
                    return Refusal.Conflict("A finding holds at most 500 comments.");
                }
                finding.AddComment(request.Text!, caller.Actor(), now);
                return null;
            }, ct);
    }

    /// <summary>Every edit of a finding: load within the write scope with If-Match, apply the rule under the org's SLA terms, save with its events.</summary>
    private static async Task<Results<Ok<FindingResponse>, ValidationProblem, ProblemHttpResult>> EditAsync(
        string id, WriteScope scope, FindingServices services, HttpContext http, Func<Finding, SlaTerms, DateTimeOffset, Refusal?> change, CancellationToken ct)
    {
        var (finding, problem) = await Editing.LoadForEditAsync(services.Db.Findings.WritableIn(scope), id, http.Request, NotFound(id), ct);
        if (finding is null)
        {
            return problem!;
        }
        var now = services.Time.GetUtcNow();
        var terms = await services.Sla.TermsForAsync(finding.Org, ct);
        if (change(finding, terms, now) is { } refusal)
        {
            return refusal.Kind == RefusalKind.Invalid ? ApiProblems.Validation(new Dictionary<string, string[]> { [refusal.Field ?? "body"] = [refusal.Message] }) : refusal.ToProblem();
        }
        if (await Editing.SaveAsync(services.Db, ct) is { } conflict)
        {
            return conflict;
        }
        http.Response.Headers.ETag = ETags.For(finding.Revision);
        return TypedResults.Ok(FindingResponse.From(finding, now));
    }

    internal static void ValidateContent(FieldErrors errors, string? title, string? description, string? owner, IReadOnlyList<string>? steps, bool required)
    {
        errors.Text("title", title, Finding.TitleMaxLength, required, multiline: false);
        errors.Text("description", description, Finding.TextMaxLength);
        errors.Text("owner", owner, Finding.ActorMaxLength, required, multiline: false);
        // An edit may leave a field out, but not blank it.
        foreach (var (field, value) in new[] { ("title", title), ("owner", owner) })
        {
            if (!required && value is not null && string.IsNullOrWhiteSpace(value))
            {
                errors.Add(field, "Not blank: leave it out to keep it.");
            }
        }
        errors.List("verificationSteps", steps, (f, step) => errors.Text(f, step, 1000, required: true), 30);
    }

    private static Task<Results<Ok<FindingResponse>, ValidationProblem, ProblemHttpResult>> Refused(FieldErrors errors) =>
        Task.FromResult<Results<Ok<FindingResponse>, ValidationProblem, ProblemHttpResult>>(errors.ToProblem());

    private static string NotFound(string id) => $"No finding '{id}' in the orgs you may see.";
}
