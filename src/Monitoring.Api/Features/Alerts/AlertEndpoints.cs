using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ModelRisk.Monitoring.Data;
using ModelRisk.Monitoring.Models.Alerts;
using ModelRisk.Monitoring.Models.Plans;
using ModelRisk.Monitoring.Models.Points;
using ModelRisk.ServiceDefaults;
using ModelRisk.ServiceDefaults.Identity;
using ModelRisk.ServiceDefaults.OpenApi;
using ModelRisk.ServiceKit.Http;
using ModelRisk.ServiceKit.Paging;

namespace ModelRisk.Monitoring.Features.Alerts;

public sealed record ListAlertsQuery(string? ModelId, string? PlanId, AlertState? State, AlertLevel? Severity, int? Limit, string? Cursor);

public sealed record AlertResponse(
    string Id,
    string Org,
    string PlanId,
    string ModelId,
    string Metric,
    string? Column,
    IReadOnlyDictionary<string, string> Labels,
    AlertLevel Severity,
    AlertState State,
    double Value,
    double Threshold,
    int Breaches,
    DateTimeOffset FirstBreachAt,
    DateTimeOffset FiredAt,
    double LeadTimeSeconds,
    DateTimeOffset LastValueAt,
    DateTimeOffset? ResolvedAt,
    string? AcknowledgedBy,
    DateTimeOffset? AcknowledgedAt,
    string? FindingSourceKey,
    long Revision)
{
    public static AlertResponse From(Alert a) => new(a.Id, a.Org, a.PlanId, a.ModelId, a.Metric, a.Column, SeriesLabels.Parse(a.Series), a.Severity, a.State,
        a.Value, a.Threshold, a.Breaches, a.FirstBreachAt, a.FiredAt, a.LeadTime.TotalSeconds, a.LastValueAt, a.ResolvedAt, a.AcknowledgedBy, a.AcknowledgedAt,
        a.FindingSourceKey, a.Revision);
}

public static class AlertEndpoints
{
    public const string BasePath = "/api/monitoring/alerts";
    private const string CursorKind = "alerts";

    /// <summary>Who may acknowledge alerts across orgs; the model's team acknowledges in its own orgs.</summary>
    private static readonly string[] CrossOrgAcknowledgers = [PlatformRoles.RiskAnalyst];

    public static IEndpointRouteBuilder MapAlertEndpoints(this IEndpointRouteBuilder app)
    {
        var alerts = app.MapGroup(BasePath).WithTags("Alerts").RequireAuthorization(PlatformPolicies.MonitoringRead);
        alerts.MapGet("/", List).WithName("ListMonitoringAlerts")
            .WithSummary("Alerts you may see, filtered by model, plan, state and severity, with keyset paging (oldest first).");
        alerts.MapGet("/{id}", Get).WithName("GetMonitoringAlert")
            .WithSummary("One alert: its value and threshold, consecutive breaches, first breaching data timestamp and lead time, state, acknowledgement, finding.")
            .ProducesProblem(StatusCodes.Status404NotFound).WithETag();
        alerts.MapPost("/{id}/acknowledge", Acknowledge).WithName("AcknowledgeMonitoringAlert")
            .WithSummary("Acknowledge an alert: someone is on it (If-Match required). It keeps firing until its metric is back within the thresholds.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).WithIfMatch()
            .RequireAuthorization(PlatformPolicies.MonitoringAlertWrite);
        return alerts;
    }

    internal static async Task<Results<Ok<Page<AlertResponse>>, ValidationProblem>> List(
        [AsParameters] ListAlertsQuery query, ClaimsPrincipal caller, MonitoringDbContext db, CancellationToken ct)
    {
        var errors = new FieldErrors();
        errors.ValidatePaging(query.Limit, query.Cursor, CursorKind);
        errors.Text("modelId", query.ModelId, 40, multiline: false);
        errors.Text("planId", query.PlanId, 40, multiline: false);
        errors.Defined("state", query.State);
        errors.Defined("severity", query.Severity);
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        var alerts = db.Alerts.VisibleTo(caller.ReadScope());
        if (query.ModelId is { } modelId)
        {
            alerts = alerts.Where(a => a.ModelId == modelId);
        }
        if (query.PlanId is { } planId)
        {
            alerts = alerts.Where(a => a.PlanId == planId);
        }
        if (query.State is { } state)
        {
            alerts = alerts.Where(a => a.State == state);
        }
        if (query.Severity is { } severity)
        {
            alerts = alerts.Where(a => a.Severity == severity);
        }
        var page = await alerts.PageAsync(query.Limit, query.Cursor, CursorKind, ct);
        return TypedResults.Ok(new Page<AlertResponse>([.. page.Items.Select(AlertResponse.From)], page.NextCursor));
    }

    internal static async Task<Results<Ok<AlertResponse>, ProblemHttpResult>> Get(string id, ClaimsPrincipal caller, MonitoringDbContext db, HttpResponse response,
        CancellationToken ct)
    {
        var alert = await db.Alerts.AsNoTracking().VisibleTo(caller.ReadScope()).FirstOrDefaultAsync(a => a.Id == id, ct);
        if (alert is null)
        {
            return ApiProblems.NotFound($"No monitoring alert '{id}' in your orgs.");
        }
        response.Headers.ETag = ETags.For(alert.Revision);
        return TypedResults.Ok(AlertResponse.From(alert));
    }

    internal static async Task<Results<Ok<AlertResponse>, ProblemHttpResult>> Acknowledge(string id, ClaimsPrincipal caller, MonitoringDbContext db,
        TimeProvider time, HttpContext http, CancellationToken ct)
    {
        var visible = db.Alerts.WritableIn(caller.WriteScope(CrossOrgAcknowledgers));
        var (alert, problem) = await Editing.LoadForEditAsync(visible, id, http.Request, $"No monitoring alert '{id}' you may acknowledge.", ct);
        if (problem is not null)
        {
            return problem;
        }
        if (alert!.AcknowledgedAt is not null)
        {
            return ApiProblems.IllegalTransition($"Acknowledged already by {alert.AcknowledgedBy}.");
        }
        alert.Acknowledge(caller.Actor(), time.GetUtcNow());
        if (await Editing.SaveAsync(db, ct) is { } conflict)
        {
            return conflict;
        }
        http.Response.Headers.ETag = ETags.For(alert.Revision);
        return TypedResults.Ok(AlertResponse.From(alert));
    }
}
