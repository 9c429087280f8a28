using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ModelRisk.Findings.Data;
using ModelRisk.Findings.Models.Findings;
using ModelRisk.Findings.Models.Sla;
using ModelRisk.ServiceDefaults;
using ModelRisk.ServiceDefaults.Identity;
using ModelRisk.ServiceDefaults.OpenApi;
using ModelRisk.ServiceKit.Http;

namespace ModelRisk.Findings.Features.Sla;

public static class SlaEndpoints
{
    public const string PoliciesPath = "/api/findings/sla-policies";

    private static readonly string[] PolicyWriters = [PlatformRoles.RiskAnalyst, PlatformRoles.PlatformAdmin];

    public static IEndpointRouteBuilder MapSlaEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/findings").WithTags("SLA").RequireAuthorization(PlatformPolicies.FindingsRead);
        group.MapGet("/sla-policies/{org}", GetPolicy).WithName("GetSlaPolicy")
            .WithSummary("The org's SLA policy: days per severity, calendar, time zone, holidays, escalation and webhook (the defaults when it has none).")
            .ProducesProblem(StatusCodes.Status404NotFound).WithETag();
        group.MapPut("/sla-policies/{org}", PutPolicy).WithName("PutSlaPolicy")
            .WithSummary("Create or replace the org's SLA policy (If-Match required to replace one). It applies to findings opened, reopened or re-rated afterwards.")
            .ProducesProblem(StatusCodes.Status404NotFound).WithIfMatch()
            .RequireAuthorization(PlatformPolicies.SlaPolicyWrite);
        group.MapGet("/sla-adherence", Adherence).WithName("GetSlaAdherence")
            .WithSummary("SLA adherence per org and severity: closed on time, closed late, open overdue, open within the SLA.");
        return app;
    }

    internal static async Task<Results<Ok<SlaPolicyResponse>, ProblemHttpResult>> GetPolicy(
        string org, ClaimsPrincipal caller, FindingsDbContext db, HttpResponse response, CancellationToken ct)
    {
        if (!caller.ReadScope().Includes(org))
        {
            return ApiProblems.NotFound($"No org '{org}' among those you may see.");
        }
        var policy = await db.SlaPolicies.AsNoTracking().FirstOrDefaultAsync(p => p.Org == org, ct);
        response.Headers.ETag = ETags.For(policy?.Revision ?? 0);
        return TypedResults.Ok(policy is null
            ? new SlaPolicyResponse(org, SlaTerms.Default, true, 0, null, null)
            : new SlaPolicyResponse(org, policy.Terms, false, policy.Revision, policy.UpdatedBy, policy.UpdatedAt));
    }

    internal static async Task<Results<Ok<SlaPolicyResponse>, ValidationProblem, ProblemHttpResult>> PutPolicy(
        string org, SlaTermsInput request, ClaimsPrincipal caller, FindingsDbContext db, TimeProvider time, HttpContext http, CancellationToken ct)
    {
        if (!FieldErrors.IsSlug(org) || !caller.WriteScope(PolicyWriters).Includes(org))
        {
            return ApiProblems.NotFound($"No org '{org}' in which you may set the SLA policy.");
        }
        var (terms, errors) = Validate(request);
        if (terms is null)
        {
            return errors.ToProblem();
        }
        var now = time.GetUtcNow();
        var policy = await db.SlaPolicies.FirstOrDefaultAsync(p => p.Org == org, ct);
        if (policy is null)
        {
            // Creating: there is nothing to be stale against; If-Match "0" (the default's ETag) or none is fine.
            policy = SlaPolicy.Create(org, terms, caller.Actor(), now);
            db.SlaPolicies.Add(policy);
        }
        else if (ETags.CheckIfMatch(http.Request, policy.Revision) is { } precondition)
        {
            return precondition;
        }
        else
        {
            policy.Replace(terms, caller.Actor(), now);
        }
        if (await Editing.SaveAsync(db, ct) is { } conflict)
        {
            return conflict;
        }
        http.Response.Headers.ETag = ETags.For(policy.Revision);
        return TypedResults.Ok(new SlaPolicyResponse(org, policy.Terms, false, policy.Revision, policy.UpdatedBy, policy.UpdatedAt));
    }

    internal static async Task<Results<Ok<IReadOnlyList<SlaAdherence>>, ValidationProblem>> Adherence(
        [AsParameters] SlaAdherenceQuery query, ClaimsPrincipal caller, FindingsDbContext db, TimeProvider time, CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (query.Org is not null)
        {
            errors.Slug("org", query.Org);
        }
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        var now = time.GetUtcNow();
        var findings = db.Findings.AsNoTracking().VisibleTo(caller.ReadScope());
        if (query.Org is not null)
        {
            findings = findings.Where(f => f.Org == query.Org);
        }
        var active = FindingLifecycle.Active.ToArray();
        var rows = await findings
            .GroupBy(f => new { f.Org, f.Severity })
            .Select(g => new
            {
                g.Key.Org,
                g.Key.Severity,
                ClosedOnTime = g.Count(f => f.State == FindingState.Closed && !f.ClosedLate),
                ClosedLate = g.Count(f => f.State == FindingState.Closed && f.ClosedLate),
                OpenOverdue = g.Count(f => active.Contains(f.State) && f.DueAt <= now),
                OpenWithinSla = g.Count(f => active.Contains(f.State) && f.DueAt > now),
            })
            .ToListAsync(ct);
        IReadOnlyList<SlaAdherence> result = [.. rows
            .OrderBy(r => r.Org, StringComparer.Ordinal).ThenBy(r => r.Severity)
            .Select(r => new SlaAdherence(r.Org, r.Severity, r.ClosedOnTime, r.ClosedLate, r.OpenOverdue, r.OpenWithinSla,
                r.ClosedOnTime + r.ClosedLate == 0 ? null : Math.Round((double)r.ClosedOnTime / (r.ClosedOnTime + r.ClosedLate), 4)))];
        return TypedResults.Ok(result);
    }

    private static (SlaTerms? Terms, FieldErrors Errors) Validate(SlaTermsInput input)
    {
        var errors = new FieldErrors();
        errors.Text("timeZone", input.TimeZone, 64, multiline: false);
        if (input.TimeZone is not null && errors.Result.Count == 0 && !TimeZoneInfo.TryFindSystemTimeZoneById(input.TimeZone, out _))
        {
            errors.Add("timeZone", "An IANA time zone id, such as Europe/Berlin or America/New_York.");
        }
        errors.Defined("calendar", input.Calendar);
        errors.Range("criticalDays", input.CriticalDays, 1, 365, required: true);
        errors.Range("highDays", input.HighDays, 1, 365, required: true);
        errors.Range("mediumDays", input.MediumDays, 1, 730, required: true);
        errors.Range("lowDays", input.LowDays, 1, 730, required: true);
        if (input is { CriticalDays: { } c, HighDays: { } h, MediumDays: { } m, LowDays: { } l } && !(c <= h && h <= m && m <= l))
        {
            errors.Add("criticalDays", "Days may not grow as severity rises: criticalDays <= highDays <= mediumDays <= lowDays.");
        }
        errors.List("holidays", input.Holidays, (_, _) => { }, 400);
        errors.List("leads", input.Leads, (f, lead) =>
        {
            errors.Text($"{f}.owner", lead?.Owner, Finding.ActorMaxLength, required: true, multiline: false);
            errors.Text($"{f}.lead", lead?.Lead, Finding.ActorMaxLength, required: true, multiline: false);
        }, 500);
        errors.Text("defaultLead", input.DefaultLead, Finding.ActorMaxLength, multiline: false);
        errors.List("riskFunction", input.RiskFunction, (f, who) => errors.Text(f, who, Finding.ActorMaxLength, required: true, multiline: false), 20);
        errors.Range("riskFunctionAfterDays", input.RiskFunctionAfterDays, 0, 365);
        errors.Uri("webhookUrl", input.WebhookUrl, httpOnly: true, required: false);
        errors.Range("regulatoryReminderHours", input.RegulatoryReminderHours, 1, 240);
        if (errors.Any)
        {
            return (null, errors);
        }
        var defaults = SlaTerms.Default;
        return (new SlaTerms(input.TimeZone ?? defaults.TimeZone, input.Calendar ?? defaults.Calendar, input.CriticalDays!.Value, input.HighDays!.Value,
            input.MediumDays!.Value, input.LowDays!.Value, [.. (input.Holidays ?? []).Distinct().Order()], [.. input.Leads ?? []],
            input.DefaultLead, [.. input.RiskFunction ?? []], input.RiskFunctionAfterDays ?? defaults.RiskFunctionAfterDays,
            string.IsNullOrWhiteSpace(input.WebhookUrl) ? null : input.WebhookUrl, input.RegulatoryReminderHours ?? defaults.RegulatoryReminderHours), errors);
    }
}
