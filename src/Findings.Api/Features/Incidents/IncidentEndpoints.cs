using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ModelRisk.Findings.Features.Findings;
using ModelRisk.Findings.Models.Findings;
using ModelRisk.Findings.Models.Incidents;
using ModelRisk.Findings.Models.Sla;
using ModelRisk.ServiceDefaults;
using ModelRisk.ServiceDefaults.Identity;
using ModelRisk.ServiceDefaults.OpenApi;
using ModelRisk.ServiceKit.Http;
using ModelRisk.ServiceKit.Paging;

namespace ModelRisk.Findings.Features.Incidents;

public static class IncidentEndpoints
{
    public const string BasePath = "/api/findings/incidents";
    private const string CursorKind = "i";

    private static readonly string[] TeamWriters = [PlatformRoles.RiskAnalyst, PlatformRoles.PlatformAdmin];
    private static readonly string[] Regulatory = [PlatformRoles.RiskAnalyst];

    public static IEndpointRouteBuilder MapIncidentEndpoints(this IEndpointRouteBuilder app)
    {
        var incidents = app.MapGroup(BasePath).WithTags("Incidents").RequireAuthorization(PlatformPolicies.FindingsRead);
        incidents.MapPost("/", Report).WithName("ReportIncident")
            .WithSummary("Report a model incident: severity, detection and awareness times, blast radius.")
            .ProducesProblem(StatusCodes.Status404NotFound).WithETag()
            .RequireAuthorization(PlatformPolicies.FindingsWrite);
        incidents.MapGet("/", List).WithName("ListIncidents")
            .WithSummary("Incidents you may see, filtered (org, modelId, severity, reportPending), with keyset paging.");
        incidents.MapGet("/{id}", Get).WithName("GetIncident")
            .WithSummary("One incident with its timeline, mitigation and time to mitigate, postmortem, corrective actions and regulatory report deadline.")
            .ProducesProblem(StatusCodes.Status404NotFound).WithETag();
        incidents.MapPost("/{id}/timeline", AddTimelineEntry).WithName("AddIncidentTimelineEntry")
            .WithSummary("Add an entry to the incident's timeline (If-Match required).")
            .ProducesProblem(StatusCodes.Status404NotFound).WithIfMatch()
            .RequireAuthorization(PlatformPolicies.FindingsWrite);
        incidents.MapPut("/{id}/mitigation", Mitigate).WithName("MitigateIncident")
            .WithSummary("Record how and when the incident was mitigated (rollback, patch, feature flag); sets its time to mitigate (If-Match required).")
            .ProducesProblem(StatusCodes.Status404NotFound).WithIfMatch()
            .RequireAuthorization(PlatformPolicies.FindingsWrite);
        incidents.MapPut("/{id}/postmortem", RecordPostmortem).WithName("RecordIncidentPostmortem")
            .WithSummary("Reference the postmortem with the SHA-256 of its content and a summary (If-Match required).")
            .ProducesProblem(StatusCodes.Status404NotFound).WithIfMatch()
            .RequireAuthorization(PlatformPolicies.FindingsWrite);
        incidents.MapPost("/{id}/corrective-actions", AddCorrectiveAction).WithName("AddIncidentCorrectiveAction")
            .WithSummary("Open a corrective action of the incident as a finding (If-Match required); answers the new finding.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).WithIfMatch()
            .RequireAuthorization(PlatformPolicies.FindingsWrite);
        incidents.MapPut("/{id}/regulatory-scope", SetRegulatoryScope).WithName("SetIncidentRegulatoryScope")
            .WithSummary("Decide whether the EU AI Act's serious-incident report applies and which deadline (15, 10 or 2 days from awareness) (risk analysts; If-Match required).")
            .ProducesProblem(StatusCodes.Status404NotFound).WithIfMatch()
            .RequireAuthorization(PlatformPolicies.IncidentRegulatory);
        incidents.MapPost("/{id}/authority-report", RecordAuthorityReport).WithName("RecordIncidentAuthorityReport")
            .WithSummary("Record that the incident was reported to the market surveillance authority (risk analysts; If-Match required).")
            .ProducesProblem(StatusCodes.Status404NotFound).WithIfMatch()
            .RequireAuthorization(PlatformPolicies.IncidentRegulatory);
        return app;
    }

    internal static async Task<Results<Created<IncidentResponse>, ValidationProblem, ProblemHttpResult>> Report(
        ReportIncidentRequest request, ClaimsPrincipal caller, [AsParameters] FindingServices services, HttpResponse response, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var now = services.Time.GetUtcNow();
        errors.Slug("org", request.Org);
        errors.Text("modelId", request.ModelId, 40, required: true, multiline: false);
        errors.Text("title", request.Title, Finding.TitleMaxLength, required: true, multiline: false);
        errors.Text("description", request.Description, Finding.TextMaxLength);
        errors.Defined("severity", request.Severity, required: true);
        if (request.DetectedAt is null)
        {
            errors.Add("detectedAt", "Required: when the incident was detected (ISO 8601).");
        }
        if (request.AwareAt is null)
        {
            errors.Add("awareAt", "Required: when the provider became aware of it (ISO 8601); regulatory deadlines count from here.");
        }
        var blast = request.BlastRadius;
        if (blast is not null)
        {
            errors.List("blastRadius.endpoints", blast.Endpoints, (f, e) => errors.Text(f, e, 2000, required: true, multiline: false), 200);
            errors.Range("blastRadius.customers", blast.Customers, 0, int.MaxValue);
            errors.List("blastRadius.geographies", blast.Geographies, (f, g) => errors.Text(f, g, 64, required: true, multiline: false), 250);
        }
        if (!errors.Any && Incident.WhyNotTimes(request.DetectedAt!.Value, request.AwareAt!.Value, now) is { } times)
        {
            errors.Add(times.Field!, times.Message);
        }
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        if (!caller.WriteScope(TeamWriters).Includes(request.Org!))
        {
            return ApiProblems.Forbidden($"You may report incidents only in your orgs ({string.Join(", ", caller.Orgs())}).");
        }
        var incident = Incident.Report(request.Org!, request.ModelId!, request.Title!, request.Description ?? "", request.Severity!.Value,
            request.DetectedAt!.Value, request.AwareAt!.Value,
            new BlastRadius([.. blast?.Endpoints ?? []], blast?.Customers, [.. blast?.Geographies ?? []]), caller.Actor(), now);
        services.Db.Incidents.Add(incident);
        if (await Editing.SaveAsync(services.Db, ct, preconditionSent: false) is { } conflict)
        {
            return conflict;
        }
        response.Headers.ETag = ETags.For(incident.Revision);
        return TypedResults.Created($"{BasePath}/{incident.Id}", IncidentResponse.From(incident, now));
    }

    internal static async Task<Results<Ok<Page<IncidentResponse>>, ValidationProblem>> List(
        [AsParameters] ListIncidentsQuery query, ClaimsPrincipal caller, [AsParameters] FindingServices services, CancellationToken ct)
    {
        var errors = new FieldErrors();
        errors.ValidatePaging(query.Limit, query.Cursor, CursorKind);
        if (query.Org is not null)
        {
            errors.Slug("org", query.Org);
        }
        errors.Text("modelId", query.ModelId, 40, multiline: false);
        errors.Defined("severity", query.Severity);
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        var incidents = services.Db.Incidents.VisibleTo(caller.ReadScope());
        if (query.Org is not null)
        {
            incidents = incidents.Where(i => i.Org == query.Org);
        }
        if (query.ModelId is not null)
        {
            incidents = incidents.Where(i => i.ModelId == query.ModelId);
        }
        if (query.Severity is { } severity)
        {
            incidents = incidents.Where(i => i.Severity == severity);
        }
        if (query.ReportPending is { } pending)
        {
            incidents = pending
                ? incidents.Where(i => i.ReportDeadline != null && i.ReportedAt == null)
                : incidents.Where(i => i.ReportDeadline == null || i.ReportedAt != null);
        }
        var now = services.Time.GetUtcNow();
        var page = await incidents.PageAsync(query.Limit, query.Cursor, CursorKind, ct);
        return TypedResults.Ok(new Page<IncidentResponse>([.. page.Items.Select(i => IncidentResponse.From(i, now))], page.NextCursor));
    }

    internal static async Task<Results<Ok<IncidentResponse>, ProblemHttpResult>> Get(
        string id, ClaimsPrincipal caller, [AsParameters] FindingServices services, HttpResponse response, CancellationToken ct)
    {
        var incident = await services.Db.Incidents.AsNoTracking().VisibleTo(caller.ReadScope()).FirstOrDefaultAsync(i => i.Id == id, ct);
        if (incident is null)
        {
            return ApiProblems.NotFound(NotFound(id));
        }
        response.Headers.ETag = ETags.For(incident.Revision);
        return TypedResults.Ok(IncidentResponse.From(incident, services.Time.GetUtcNow()));
    }

    internal static Task<Results<Ok<IncidentResponse>, ValidationProblem, ProblemHttpResult>> AddTimelineEntry(
        string id, TimelineEntryRequest request, ClaimsPrincipal caller, [AsParameters] FindingServices services, HttpContext http, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var now = services.Time.GetUtcNow();
        if (request.At is not { } at || at > now)
        {
            errors.Add("at", "Required: when it happened (ISO 8601), not in the future.");
        }
        errors.Text("text", request.Text, 4000, required: true);
        return errors.Any
            ? Refused(errors)
            : EditAsync(id, caller.WriteScope(TeamWriters), services, http, (incident, _, time) =>
            {
                if (incident.Timeline.Count >= 1000)
                {
                    return Refusal.Conflict("An incident's timeline holds at most 1000 entries.");
                }
                incident.AddTimelineEntry(request.At!.Value, request.Text!, caller.Actor(), time);
                return null;
            }, ct);
    }

    internal static Task<Results<Ok<IncidentResponse>, ValidationProblem, ProblemHttpResult>> Mitigate(
        string id, MitigationRequest request, ClaimsPrincipal caller, [AsParameters] FindingServices services, HttpContext http, CancellationToken ct)
    {
        var errors = new FieldErrors();
        errors.Defined("kind", request.Kind, required: true);
        errors.Text("description", request.Description, 4000, required: true);
        if (request.MitigatedAt is null)
        {
            errors.Add("mitigatedAt", "Required: when the mitigation took effect (ISO 8601).");
        }
        return errors.Any
            ? Refused(errors)
            : EditAsync(id, caller.WriteScope(TeamWriters), services, http,
                (incident, _, now) => incident.Mitigate(request.Kind!.Value, request.Description!, request.MitigatedAt!.Value, caller.Actor(), now), ct);
    }

    internal static Task<Results<Ok<IncidentResponse>, ValidationProblem, ProblemHttpResult>> RecordPostmortem(
        string id, PostmortemRequest request, ClaimsPrincipal caller, [AsParameters] FindingServices services, HttpContext http, CancellationToken ct)
    {
        var errors = new FieldErrors();
        errors.Uri("uri", request.Uri, httpOnly: false);
        errors.Sha256("sha256", request.Sha256);
        errors.Text("summary", request.Summary, Finding.TextMaxLength, required: true);
        return errors.Any
            ? Refused(errors)
            : EditAsync(id, caller.WriteScope(TeamWriters), services, http, (incident, _, now) =>
            {
                incident.RecordPostmortem(request.Uri!, request.Sha256!, request.Summary!, caller.Actor(), now);
                return null;
            }, ct);
    }

    internal static async Task<Results<Created<FindingResponse>, ValidationProblem, ProblemHttpResult>> AddCorrectiveAction(
        string id, CorrectiveActionRequest request, ClaimsPrincipal caller, [AsParameters] FindingServices services, HttpContext http, CancellationToken ct)
    {
        var errors = new FieldErrors();
        FindingEndpoints.ValidateContent(errors, request.Title, request.Description, request.Owner, request.VerificationSteps, required: true);
        errors.Defined("severity", request.Severity, required: true);
        errors.Text("severityRationale", request.SeverityRationale, Finding.TextMaxLength, required: true);
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        var (incident, problem) = await Editing.LoadForEditAsync(services.Db.Incidents.WritableIn(caller.WriteScope(TeamWriters)), id, http.Request, NotFound(id), ct);
        if (incident is null)
        {
            return problem!;
        }
        if (incident.CorrectiveActionFindingIds.Count >= 100)
        {
            return ApiProblems.Conflict("An incident holds at most 100 corrective actions.");
        }
        var now = services.Time.GetUtcNow();
        var terms = await services.Sla.TermsForAsync(incident.Org, ct);
        var finding = Finding.Open(new FindingOpening(incident.Org, incident.ModelId, null, null, FindingSource.IncidentCorrectiveAction,
            $"incident/{incident.Id}/corrective-action/{incident.CorrectiveActionFindingIds.Count + 1}", request.Title!, request.Description ?? "",
            request.Severity!.Value, request.SeverityRationale!, request.Owner!.Trim(), request.VerificationSteps ?? []), terms, caller.Actor(), now, incident.Id);
        services.Db.Findings.Add(finding);
        incident.AddCorrectiveAction(finding.Id);
        if (await Editing.SaveAsync(services.Db, ct) is { } conflict)
        {
            return conflict;
        }
        http.Response.Headers.ETag = ETags.For(finding.Revision);
        return TypedResults.Created($"{FindingEndpoints.BasePath}/{finding.Id}", FindingResponse.From(finding, now));
    }

    internal static Task<Results<Ok<IncidentResponse>, ValidationProblem, ProblemHttpResult>> SetRegulatoryScope(
        string id, RegulatoryScopeRequest request, ClaimsPrincipal caller, [AsParameters] FindingServices services, HttpContext http, CancellationToken ct)
    {
        var errors = new FieldErrors();
        errors.Required("highRiskInScope", request.HighRiskInScope, "whether the model is a high-risk AI system in the EU AI Act's scope");
        errors.Text("rationale", request.Rationale, 4000, required: true);
        return errors.Any
            ? Refused(errors)
            : EditAsync(id, caller.WriteScope(Regulatory), services, http, (incident, terms, now) =>
            {
                incident.SetRegulatoryScope(request.HighRiskInScope!.Value, request.Death ?? false, request.WidespreadOrCriticalInfrastructure ?? false,
                    request.Rationale!, TimeSpan.FromHours(terms.RegulatoryReminderHours), caller.Actor(), now);
                return null;
            }, ct);
    }

    internal static Task<Results<Ok<IncidentResponse>, ValidationProblem, ProblemHttpResult>> RecordAuthorityReport(
        string id, AuthorityReportRequest request, ClaimsPrincipal caller, [AsParameters] FindingServices services, HttpContext http, CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (request.ReportedAt is null)
        {
            errors.Add("reportedAt", "Required: when the report was filed (ISO 8601).");
        }
        errors.Text("reference", request.Reference, 200, required: true, multiline: false);
        return errors.Any
            ? Refused(errors)
            : EditAsync(id, caller.WriteScope(Regulatory), services, http,
                (incident, _, now) => incident.RecordAuthorityReport(request.ReportedAt!.Value, request.Reference!, caller.Actor(), now), ct);
    }

    private static async Task<Results<Ok<IncidentResponse>, ValidationProblem, ProblemHttpResult>> EditAsync(
        string id, WriteScope scope, FindingServices services, HttpContext http, Func<Incident, SlaTerms, DateTimeOffset, Refusal?> change, CancellationToken ct)
    {
        var (incident, problem) = await Editing.LoadForEditAsync(services.Db.Incidents.WritableIn(scope), id, http.Request, NotFound(id), ct);
        if (incident is null)
        {
            return problem!;
        }
        var now = services.Time.GetUtcNow();
        var terms = await services.Sla.TermsForAsync(incident.Org, ct);
        if (change(incident, terms, now) is { } refusal)
        {
            return refusal.Kind == RefusalKind.Invalid ? ApiProblems.Validation(new Dictionary<string, string[]> { [refusal.Field ?? "body"] = [refusal.Message] }) : refusal.ToProblem();
        }
        if (await Editing.SaveAsync(services.Db, ct) is { } conflict)
        {
            return conflict;
        }
        http.Response.Headers.ETag = ETags.For(incident.Revision);
        return TypedResults.Ok(IncidentResponse.From(incident, now));
    }

    private static Task<Results<Ok<IncidentResponse>, ValidationProblem, ProblemHttpResult>> Refused(FieldErrors errors) =>
        Task.FromResult<Results<Ok<IncidentResponse>, ValidationProblem, ProblemHttpResult>>(errors.ToProblem());

    private static string NotFound(string id) => $"No incident '{id}' in the orgs you may see.";
}
