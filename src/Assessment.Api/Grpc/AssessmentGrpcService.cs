using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using ModelRisk.Assessment.Data;
using ModelRisk.Contracts.Grpc.Assessment.V1;
using ModelRisk.ServiceDefaults.Identity;
using ModelRisk.ServiceKit.Http;
using ModelRisk.ServiceKit.Paging;
using ReviewRecord = ModelRisk.Assessment.Models.Reviews.Review;

namespace ModelRisk.Assessment.Grpc;

/// <summary>Reviews and decisions by model for other services, read with the caller's token and org scope.</summary>
[Authorize(Policy = PlatformPolicies.AssessmentRead)]
public sealed class AssessmentGrpcService(AssessmentDbContext db) : AssessmentService.AssessmentServiceBase
{
    private const string CursorKind = "r";

    public override async Task<Review> GetReview(GetReviewRequest request, ServerCallContext context)
    {
        var caller = context.GetHttpContext().User;
        var review = await db.Reviews.AsNoTracking().VisibleTo(caller.ReadScope()).FirstOrDefaultAsync(r => r.Id == request.Id, context.CancellationToken);
        return review is null ? throw new RpcException(new Status(StatusCode.NotFound, $"No review '{request.Id}' in the orgs you may see.")) : ToMessage(review);
    }

    public override async Task<ListReviewsResponse> ListReviews(ListReviewsRequest request, ServerCallContext context)
    {
        var errors = new FieldErrors();
        var limit = request.Limit == 0 ? (int?)null : request.Limit;
        var cursor = request.Cursor.Length == 0 ? null : request.Cursor;
        errors.ValidatePaging(limit, cursor, CursorKind);
        if (errors.Any)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, string.Join("; ", errors.Result.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"))));
        }
        var reviews = db.Reviews.VisibleTo(context.GetHttpContext().User.ReadScope());
        if (request.ModelId.Length > 0)
        {
            reviews = reviews.Where(r => r.ModelId == request.ModelId);
        }
        if (request.Org.Length > 0)
        {
            reviews = reviews.Where(r => r.Org == request.Org);
        }
        var page = await reviews.PageAsync(limit, cursor, CursorKind, context.CancellationToken);
        var response = new ListReviewsResponse { NextCursor = page.NextCursor ?? "" };
        response.Reviews.AddRange(page.Items.Select(ToMessage));
        return response;
    }

    private static Review ToMessage(ReviewRecord r)
    {
        var message = new Review
        {
            Id = r.Id, Org = r.Org, ModelId = r.ModelId, ModelVersionId = r.ModelVersionId, ModelVersion = r.ModelVersion,
            Kind = r.Kind.ToString(), State = r.State.ToString(), Tier = r.Tier.ToString(), Validator = r.Validator ?? "",
            RenewalDue = r.RenewalDue?.ToString("O") ?? "", UpdatedAt = Timestamp.FromDateTimeOffset(r.UpdatedAt),
        };
        if (r.Decision is { } decision)
        {
            message.Decision = ToMessage(decision);
        }
        message.PastDecisions.AddRange(r.PastDecisions.Select(ToMessage));
        return message;
    }

    private static Decision ToMessage(Models.Reviews.Decision d)
    {
        var message = new Decision
        {
            Outcome = d.Outcome.ToString(), Rationale = d.Rationale, ModelVersionId = d.ModelVersionId,
            Conditions = d.Conditions.Count, RiskAcceptances = d.RiskAcceptances.Count,
        };
        message.Approvers.AddRange(d.Signatures.Select(s => s.Approver));
        if (d.DecidedAt is { } decided)
        {
            message.DecidedAt = Timestamp.FromDateTimeOffset(decided);
        }
        return message;
    }
}
