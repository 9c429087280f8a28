using System.Net;
using System.Text.Json;
using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;
using ModelRisk.Assessment.Tests.Infrastructure;
using ModelRisk.Contracts.Assessment.V1;
using ModelRisk.TestSupport;

namespace ModelRisk.Assessment.Tests;

public sealed class ReviewWorkflowTests(AssessmentFactory factory) : IClassFixture<AssessmentFactory>
{
    private readonly ReviewFlow _flow = new(factory);

    [Fact]
    public async Task A_model_is_tiered_reviewed_returned_once_accepted_assessed_and_approved_by_two_independent_approvers()
    {
        var model = factory.Inventory.Add(People.Org);

        var tiering = await _flow.TierAsync(model.Id, People.Owner);
        Assert.Equal("High", tiering.GetProperty("tier").GetString());
        Assert.Contains("credit", tiering.GetProperty("rationale").GetString(), StringComparison.Ordinal);
        await Wait.UntilAsync(() => factory.Harness.Published.Any<ModelTiered>(m => m.Context.Message.ModelId == model.Id && m.Context.Message.Tier == "High"), "ModelTiered is published");

        var review = await _flow.OpenAsync(model.Id, model.Versions[0].Id, People.Owner);
        review = await _flow.ActAsync(review, People.Owner, "evidence", new { kind = "model-card", uri = "s3://e/card.pdf", sha256 = ReviewFlow.Sha });
        review = await _flow.ActAsync(review, People.Owner, "submit");
        var refused = await _flow.ActAsync(review, People.Analyst, "accept", expected: HttpStatusCode.Conflict);
        Assert.Contains("evaluation-report", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
        review = await _flow.SendAsync(People.Analyst, HttpMethod.Get, $"/api/assessment/reviews/{review.GetProperty("id").GetString()}");
        review = await _flow.ActAsync(review, People.Analyst, "return", new { reason = "Attach the evaluation report and the data sheet." });
        review = await _flow.ActAsync(review, People.Owner, "evidence", new { kind = "evaluation-report", uri = "s3://e/eval.pdf", sha256 = ReviewFlow.Sha });
        review = await _flow.ActAsync(review, People.Owner, "evidence", new { kind = "data-sheet", uri = "s3://e/sheet.pdf", sha256 = ReviewFlow.Sha });
        review = await _flow.ActAsync(review, People.Owner, "submit");
        await _flow.ActAsync(review, People.Analyst, "validator", new { validator = "olivia.owner" }, HttpStatusCode.Forbidden);
        review = await _flow.ActAsync(review, People.Analyst, "validator", new { validator = "riley.analyst" });
        review = await _flow.ActAsync(review, People.Analyst, "accept");
        Assert.Equal("InReview", review.GetProperty("state").GetString());
        Assert.False(review.GetProperty("intakeCompleteOnFirstSubmission").GetBoolean());

        var mra = await _flow.ActAsync(review, People.Analyst, "mra", Mra(), HttpStatusCode.Created);
        Assert.Equal(1, mra.GetProperty("number").GetInt32());
        review = await _flow.SendAsync(People.Analyst, HttpMethod.Get, $"/api/assessment/reviews/{review.GetProperty("id").GetString()}");

        review = await _flow.ActAsync(review, People.Approver, "decision", new { outcome = "Approve", rationale = "Discrimination and calibration meet the high-tier plan." });
        var owner = await _flow.ActAsync(review, People.OwningApprover, "decision/signatures", expected: HttpStatusCode.Forbidden);
        Assert.Contains("olivia.owner", owner.GetProperty("detail").GetString(), StringComparison.Ordinal);
        review = await _flow.ActAsync(review, People.SecondApprover, "decision/signatures");

        Assert.Equal("Decided", review.GetProperty("state").GetString());
        await Wait.UntilAsync(() => factory.Harness.Published.Any<ReviewDecided>(m =>
            m.Context.Message.ModelId == model.Id && m.Context.Message.ModelVersionId == model.Versions[0].Id && m.Context.Message.Outcome == "Approve"), "ReviewDecided is published");
        var verification = await _flow.SendAsync(People.Auditor, HttpMethod.Get, $"/api/assessment/decision-log/{People.Org}/verification");
        Assert.True(verification.GetProperty("isValid").GetBoolean());
        Assert.True(verification.GetProperty("entries").GetInt64() >= 5);
    }

    [Fact]
    public async Task A_stale_if_match_is_412_and_a_missing_one_428_and_nothing_changes()
    {
        var (_, review) = await _flow.InReviewAsync();
        var id = review.GetProperty("id").GetString();

        await _flow.SendAsync(People.Approver, HttpMethod.Post, $"/api/assessment/reviews/{id}/decision", new { outcome = "Hold", rationale = "r" }, HttpStatusCode.PreconditionFailed, "\"1\"");
        await _flow.SendAsync(People.Approver, HttpMethod.Post, $"/api/assessment/reviews/{id}/decision", new { outcome = "Hold", rationale = "r" }, (HttpStatusCode)428);

        var after = await _flow.SendAsync(People.Approver, HttpMethod.Get, $"/api/assessment/reviews/{id}");
        Assert.Equal(JsonValueKind.Null, after.GetProperty("decision").ValueKind);
    }

    [Fact]
    public async Task Another_orgs_owner_sees_nothing_and_changes_nothing()
    {
        var (model, review) = await _flow.InReviewAsync();
        var id = review.GetProperty("id").GetString();

        await _flow.SendAsync(People.OtherOrgOwner, HttpMethod.Get, $"/api/assessment/reviews/{id}", expected: HttpStatusCode.NotFound);
        await _flow.SendAsync(People.OtherOrgOwner, HttpMethod.Post, $"/api/assessment/reviews/{id}/evidence",
            new { kind = "model-card", uri = "s3://x", sha256 = ReviewFlow.Sha }, HttpStatusCode.NotFound, ReviewFlow.ETag(review));
        await _flow.SendAsync(People.OtherOrgOwner, HttpMethod.Post, "/api/assessment/tierings",
            new { modelId = model.Id, answers = ReviewFlow.HighRiskAnswers }, HttpStatusCode.NotFound);
        var list = await _flow.SendAsync(People.OtherOrgOwner, HttpMethod.Get, "/api/assessment/reviews");
        Assert.DoesNotContain(list.GetProperty("items").EnumerateArray(), r => r.GetProperty("org").GetString() == People.Org);
        await _flow.SendAsync(People.OtherOrgOwner, HttpMethod.Get, $"/api/assessment/decision-log/{People.Org}/verification", expected: HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Conditions_leave_as_events_and_the_renewal_follows_the_tier()
    {
        var (model, review) = await _flow.InReviewAsync();

        review = await _flow.ActAsync(review, People.Approver, "decision", new
        {
            outcome = "ApproveWithConditions",
            rationale = "Approved while monthly drift monitoring is set up.",
            conditions = new[] { new { description = "Monthly PSI on income", owner = "olivia.owner", dueDate = "2099-03-01", verificationSteps = new[] { "Dashboard link in inventory" } } },
        });
        review = await _flow.ActAsync(review, People.SecondApprover, "decision/signatures");

        await Wait.UntilAsync(() => factory.Harness.Published.Any<ConditionOfApprovalSet>(m => m.Context.Message.ModelId == model.Id && m.Context.Message.Owner == "olivia.owner"), "ConditionOfApprovalSet is published");
        var renewal = DateOnly.Parse(review.GetProperty("renewalDue").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(DateOnly.FromDateTime(DateTime.UtcNow).AddMonths(12), renewal);
    }

    [Fact]
    public async Task Bad_input_is_a_problem_naming_the_field_and_writes_nothing()
    {
        var (_, review) = await _flow.InReviewAsync();
        var before = await factory.QueryAsync(db => db.DecisionLog.CountAsync());

        var problem = await _flow.ActAsync(review, People.Approver, "decision", new
        {
            outcome = "ApproveWithConditions", rationale = "r",
            conditions = new[] { new { description = "", owner = "o", dueDate = "2001-01-01", verificationSteps = Array.Empty<string>() } },
        }, HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("conditions[0].description", out _));
        Assert.True(errors.TryGetProperty("conditions[0].dueDate", out _));
        Assert.True(errors.TryGetProperty("conditions[0].verificationSteps", out _));
        var mra = await _flow.ActAsync(review, People.Analyst, "mra", Mra() with { ResidualRisk = new(5, 5) }, HttpStatusCode.BadRequest);
        Assert.True(mra.GetProperty("errors").TryGetProperty("residualRisk", out _));
        var tier = await _flow.SendAsync(People.Owner, HttpMethod.Post, "/api/assessment/tierings",
            new { modelId = "x", answers = new Dictionary<string, string[]> { ["scale"] = ["a-billion"] } }, HttpStatusCode.BadRequest);
        Assert.True(tier.GetProperty("errors").TryGetProperty("answers.scale", out _));

        Assert.Equal(before, await factory.QueryAsync(db => db.DecisionLog.CountAsync()));
    }

    [Fact]
    public async Task An_unreachable_inventory_is_a_503_to_retry()
    {
        var model = factory.Inventory.Add(People.Org);
        factory.Inventory.Unavailable = true;
        try
        {
            var problem = await _flow.SendAsync(People.Owner, HttpMethod.Post, "/api/assessment/tierings",
                new { modelId = model.Id, answers = ReviewFlow.HighRiskAnswers }, HttpStatusCode.ServiceUnavailable);
            Assert.Equal("https://model-risk.dev/problems/unavailable", problem.GetProperty("type").GetString());
        }
        finally
        {
            factory.Inventory.Unavailable = false;
        }
    }

    internal static Models.Mra.MraContent Mra() => new(
        "Probability of default for consumer loans", "Batch scoring nightly; decisions reviewed by underwriters",
        ["Consumer loan applicants"], ["Miscalibration after a rate shock"],
        [new("data-drift", "Income distribution shifts", "measure")],
        [new("Applicants", "Wrongful decline", 4, 2, "map")],
        [new("Monthly PSI monitoring", "olivia.owner", "implemented", null, "manage")],
        new(3, 4), new(2, 3));
}
