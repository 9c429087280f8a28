using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using ModelRisk.Findings.Data;
using ModelRisk.ServiceDefaults.Identity;
using ModelRisk.ServiceKit.Http;
using ModelRisk.ServiceKit.Paging;

namespace ModelRisk.Findings.Features.Webhooks;

public static class DeliveryEndpoints
{
    private const string CursorKind = "wd";

    public static IEndpointRouteBuilder MapDeliveryEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/findings/webhook-deliveries").WithTags("Webhooks").RequireAuthorization(PlatformPolicies.FindingsRead)
            .MapGet("/", List).WithName("ListWebhookDeliveries")
            .WithSummary("The webhook delivery log: each escalation or reminder sent, its signed body and every attempt, filtered (org, subjectId, status), with keyset paging.");
        return app;
    }

    internal static async Task<Results<Ok<Page<DeliveryResponse>>, ValidationProblem>> List(
        [AsParameters] ListDeliveriesQuery query, ClaimsPrincipal caller, FindingsDbContext db, CancellationToken ct)
    {
        var errors = new FieldErrors();
        errors.ValidatePaging(query.Limit, query.Cursor, CursorKind);
        if (query.Org is not null)
        {
            errors.Slug("org", query.Org);
        }
        errors.Text("subjectId", query.SubjectId, 40, multiline: false);
        errors.Defined("status", query.Status);
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        var deliveries = db.WebhookDeliveries.VisibleTo(caller.ReadScope());
        if (query.Org is not null)
        {
            deliveries = deliveries.Where(d => d.Org == query.Org);
        }
        if (query.SubjectId is not null)
        {
            deliveries = deliveries.Where(d => d.SubjectId == query.SubjectId);
        }
        if (query.Status is { } status)
        {
            deliveries = deliveries.Where(d => d.Status == status);
        }
        var page = await deliveries.PageAsync(query.Limit, query.Cursor, CursorKind, ct);
        return TypedResults.Ok(new Page<DeliveryResponse>([.. page.Items.Select(DeliveryResponse.From)], page.NextCursor));
    }
}
