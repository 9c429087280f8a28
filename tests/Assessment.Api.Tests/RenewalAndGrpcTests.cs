using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModelRisk.Assessment.Features.Renewals;
using ModelRisk.Assessment.Models.Reviews;
using ModelRisk.Assessment.Tests.Infrastructure;
using ModelRisk.Contracts.Assessment.V1;
using ModelRisk.Contracts.Grpc.Assessment.V1;
using ModelRisk.TestSupport;

namespace ModelRisk.Assessment.Tests;

public sealed class RenewalAndGrpcTests(AssessmentFactory factory) : IClassFixture<AssessmentFactory>
{
    private readonly ReviewFlow _flow = new(factory);

    private async Task<string> ApprovedReviewAsync()
    {
        var (_, review) = await _flow.InReviewAsync();
        review = await _flow.ActAsync(review, People.Approver, "decision", new { outcome = "Approve", rationale = "ok" });
        review = await _flow.ActAsync(review, People.SecondApprover, "decision/signatures");
        return review.GetProperty("id").GetString()!;
    }

    [Fact]
    public async Task A_renewal_within_the_lead_time_opens_one_periodic_revalidation_even_when_two_replicas_run_the_job()
    {
        var id = await ApprovedReviewAsync();
        // Bring the renewal date inside the lead time, as time passing would.
        await factory.QueryAsync(db => db.Database.ExecuteSqlRawAsync("UPDATE reviews SET RenewalDue = {0} WHERE Id = {1}",
            DateOnly.FromDateTime(DateTime.UtcNow).AddDays(10).ToString("yyyy-MM-dd"), id));

        var opened = await Task.WhenAll(RunScheduleAsync(), RunScheduleAsync());

        Assert.Equal(1, opened.Sum());
        var decided = await factory.QueryAsync(db => db.Reviews.AsNoTracking().SingleAsync(r => r.Id == id));
        var revalidation = await factory.QueryAsync(db => db.Reviews.AsNoTracking().SingleAsync(r => r.Id == decided.RevalidationReviewId));
        Assert.Equal(ReviewKind.PeriodicRevalidation, revalidation.Kind);
        Assert.Equal(decided.ModelVersionId, revalidation.ModelVersionId);
        Assert.Equal(ReviewState.Draft, revalidation.State);
        await Wait.UntilAsync(() => factory.Harness.Published.Any<RevalidationDue>(m => m.Context.Message.PreviousReviewId == id && m.Context.Message.NewReviewId == revalidation.Id),
            "RevalidationDue is published");
        Assert.Equal(0, await RunScheduleAsync());
    }

    private async Task<int> RunScheduleAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<RenewalSchedule>().OpenDueRevalidationsAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Another_service_reads_reviews_and_decisions_by_model_over_grpc_within_the_callers_orgs()
    {
        var id = await ApprovedReviewAsync();
        var modelId = (await _flow.SendAsync(People.Auditor, HttpMethod.Get, $"/api/assessment/reviews/{id}")).GetProperty("modelId").GetString()!;
        var asAuditor = await CallAsync(client => client.ListReviewsAsync(new ListReviewsRequest { ModelId = modelId }, Bearer(People.Auditor)).ResponseAsync);
        var review = Assert.Single(asAuditor.Reviews);
        Assert.Equal(("Decided", "Approve"), (review.State, review.Decision.Outcome));
        Assert.Equal(["avery.approver", "blake.approver"], review.Decision.Approvers);

        var foreign = await CallAsync(client => client.ListReviewsAsync(new ListReviewsRequest { ModelId = modelId }, Bearer(People.OtherOrgOwner)).ResponseAsync);
        Assert.Empty(foreign.Reviews);
        var missing = await Assert.ThrowsAsync<RpcException>(() => CallAsync(client => client.GetReviewAsync(new GetReviewRequest { Id = id }, Bearer(People.OtherOrgOwner)).ResponseAsync));
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
        var anonymous = await Assert.ThrowsAsync<RpcException>(() => CallAsync(client => client.GetReviewAsync(new GetReviewRequest { Id = id }).ResponseAsync));
        Assert.Equal(StatusCode.Unauthenticated, anonymous.StatusCode);
    }

    /// <summary>Calls the gRPC service in process over the test server's HTTP/2 handler, as a client would.</summary>
    private async Task<T> CallAsync<T>(Func<AssessmentService.AssessmentServiceClient, Task<T>> call) where T : class
    {
        using var channel = global::Grpc.Net.Client.GrpcChannel.ForAddress(factory.Server.BaseAddress, new global::Grpc.Net.Client.GrpcChannelOptions { HttpHandler = factory.Server.CreateHandler() });
        var client = new AssessmentService.AssessmentServiceClient(channel);
        return await call(client);
    }

    private static Metadata Bearer(string token) => new() { { "authorization", "Bearer " + token } };
}
