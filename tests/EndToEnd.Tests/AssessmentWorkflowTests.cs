using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace ModelRisk.EndToEnd.Tests;

/// <summary>
/// The workflow the platform exists for, through the gateway in local mode with realm users signing in: a model is
/// tiered, reviewed, returned once, accepted, assessed and approved by a quorum that refuses an approver who owns the
/// model; Inventory approves exactly the reviewed version; the decision log verifies until a row is altered.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class AssessmentWorkflowTests(PlatformFixture platform)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private const string Org = "acme-lending";
    private static readonly string Sha = new('c', 64);

    [Fact]
    public async Task A_model_goes_from_questionnaire_to_an_approval_in_inventory_and_the_log_catches_a_tampered_row()
    {
        var owner = await platform.SignInAsync("olivia.owner", "dev-only-olivia-pw");
        var analyst = await platform.SignInAsync("riley.analyst", "dev-only-riley-pw");
        var approver = await platform.SignInAsync("avery.approver", "dev-only-avery-pw");
        var secondApprover = await platform.SignInAsync("blake.approver", "dev-only-blake-pw");
        var owningApprover = await platform.SignInAsync("casey.approver", "dev-only-casey-pw");
        var auditor = await platform.SignInAsync("audrey.auditor", "dev-only-audrey-pw");

        // Casey owns the model, so Casey's approver role must not count toward its quorum.
        var key = "e2e-mra-" + Guid.NewGuid().ToString("N")[..10];
        var model = await SendAsync(owner, HttpMethod.Post, "/api/inventory/models", new
        {
            org = Org, key, name = "E2E credit PD", modelType = "Classification", owner = "casey.approver",
            intendedUse = "Probability of default for consumer loans",
            deploymentEndpoints = new[] { new { environment = "prod", url = "https://score.acme.test/pd" } },
            monitoringLinks = new[] { new { label = "Drift dashboard", url = "https://grafana.acme.test/d/pd" } },
        }, HttpStatusCode.Created);
        var modelId = model.GetProperty("id").GetString()!;
        var version = await SendAsync(owner, HttpMethod.Post, $"/api/inventory/models/{modelId}/versions",
            new { version = "1.0.0", artifactUri = "s3://models/pd/1.0.0" }, HttpStatusCode.Created);
        var versionId = version.GetProperty("id").GetString()!;

        await SendAsync(owner, HttpMethod.Post, "/api/assessment/tierings", new
        {
            modelId,
            answers = new Dictionary<string, string[]>
            {
                ["customer-impact"] = ["material"], ["decision-autonomy"] = ["human-in-the-loop"], ["scale"] = ["1k-100k"],
                ["data-sensitivity"] = ["personal"], ["regulatory-exposure"] = ["credit"], ["opacity"] = ["explainable"],
                ["genai-exposure"] = ["none"], ["third-party"] = ["in-house"],
            },
        }, HttpStatusCode.Created);
        await EventuallyAsync(async () => (await SendAsync(owner, HttpMethod.Get, $"/api/inventory/models/{modelId}")).GetProperty("riskTier").GetProperty("tier").GetString() == "High",
            "the tier shows in Inventory");

        var review = await SendAsync(owner, HttpMethod.Post, "/api/assessment/reviews", new { modelId, modelVersionId = versionId, kind = "NewModel" }, HttpStatusCode.Created);
        review = await ActAsync(review, owner, "evidence", new { kind = "model-card", uri = "s3://evidence/card.pdf", sha256 = Sha });
        review = await ActAsync(review, owner, "evidence", new { kind = "evaluation-report", uri = "s3://evidence/eval.pdf", sha256 = Sha });
        review = await ActAsync(review, owner, "submit");
        await ActAsync(review, analyst, "accept", expected: HttpStatusCode.Conflict);
        review = await ActAsync(review, analyst, "return", new { reason = "The data sheet is missing." });
        review = await ActAsync(review, owner, "evidence", new { kind = "data-sheet", uri = "s3://evidence/sheet.pdf", sha256 = Sha });
        review = await ActAsync(review, owner, "submit");
        review = await ActAsync(review, analyst, "validator", new { validator = "riley.analyst" });
        review = await ActAsync(review, analyst, "accept");
        await ActAsync(review, analyst, "mra", new
        {
            useCase = "Probability of default for consumer loans", deploymentContext = "Nightly batch; underwriters review declines",
            affectedPeople = new[] { "Loan applicants" }, failureModes = new[] { "Miscalibration after a rate shock" },
            threats = new[] { new { category = "data-drift", description = "Income shifts", nistFunction = "measure" } },
            harms = new[] { new { who = "Applicants", description = "Wrongful decline", severity = 4, likelihood = 2, nistFunction = "map" } },
            controls = new[] { new { description = "Monthly PSI", owner = "olivia.owner", status = "implemented", nistFunction = "manage" } },
            inherentRisk = new { likelihood = 3, impact = 4 }, residualRisk = new { likelihood = 2, impact = 3 },
        }, HttpStatusCode.Created);
        review = await GetReviewAsync(review, analyst);

        await SendAsync(owner, HttpMethod.Post, $"/api/inventory/models/{modelId}/lifecycle", new { to = "InDevelopment" }, ifMatch: await ETagAsync(owner, modelId));
        await SendAsync(owner, HttpMethod.Post, $"/api/inventory/models/{modelId}/lifecycle", new { to = "InValidation" }, ifMatch: await ETagAsync(owner, modelId));

        review = await ActAsync(review, approver, "decision", new { outcome = "Approve", rationale = "Meets the high-tier validation plan." });
        var refused = await ActAsync(review, owningApprover, "decision/signatures", expected: HttpStatusCode.Forbidden);
        Assert.Contains("casey.approver", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
        review = await ActAsync(review, secondApprover, "decision/signatures");
        Assert.Equal("Decided", review.GetProperty("state").GetString());

        await EventuallyAsync(async () =>
        {
            var current = await SendAsync(owner, HttpMethod.Get, $"/api/inventory/models/{modelId}");
            return current.GetProperty("lifecycleStatus").GetString() == "Approved"
                && current.GetProperty("approvedVersionId").GetString() == versionId;
        }, "Inventory approves the reviewed version");

        var verification = await SendAsync(auditor, HttpMethod.Get, $"/api/assessment/decision-log/{Org}/verification");
        Assert.True(verification.GetProperty("isValid").GetBoolean(), verification.ToString());

        var altered = await AlterLogRowAsync(review.GetProperty("id").GetString()!);
        verification = await SendAsync(auditor, HttpMethod.Get, $"/api/assessment/decision-log/{Org}/verification");
        Assert.False(verification.GetProperty("isValid").GetBoolean());
        Assert.Equal(altered, verification.GetProperty("break").GetProperty("sequence").GetInt64());
    }

    /// <summary>Changes the rationale of this review's decision entry directly in the Assessment database, as an intruder would.</summary>
    private async Task<long> AlterLogRowAsync(string reviewId)
    {
        var database = Path.Combine(platform.DataDirectory, "assessment.db");
        await using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        await connection.OpenAsync();
        await using var find = connection.CreateCommand();
        find.CommandText = "SELECT Sequence FROM decision_log WHERE Org = $org AND Subject = $review AND Kind = 'decision' ORDER BY Sequence LIMIT 1";
        find.Parameters.AddWithValue("$org", Org);
        find.Parameters.AddWithValue("$review", reviewId);
        var sequence = (long)(await find.ExecuteScalarAsync())!;
        await using var update = connection.CreateCommand();
        update.CommandText = "UPDATE decision_log SET Payload = replace(Payload, 'Approve', 'Reject') WHERE Org = $org AND Sequence = $seq";
        update.Parameters.AddWithValue("$org", Org);
        update.Parameters.AddWithValue("$seq", sequence);
        Assert.Equal(1, await update.ExecuteNonQueryAsync());
        return sequence;
    }

    private async Task<string> ETagAsync(string token, string modelId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/inventory/models/{modelId}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await platform.Gateway.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return response.Headers.ETag!.Tag;
    }

    private async Task<JsonElement> GetReviewAsync(JsonElement review, string token) =>
        await SendAsync(token, HttpMethod.Get, $"/api/assessment/reviews/{review.GetProperty("id").GetString()}");

    private async Task<JsonElement> ActAsync(JsonElement review, string token, string action, object? body = null, HttpStatusCode expected = HttpStatusCode.OK) =>
        await SendAsync(token, action is "validator" or "mra" ? HttpMethod.Put : HttpMethod.Post,
            $"/api/assessment/reviews/{review.GetProperty("id").GetString()}/{action}", body ?? new { }, expected, $"\"{review.GetProperty("revision").GetInt64()}\"");

    private Task<JsonElement> SendAsync(string token, HttpMethod method, string path, object? body = null, HttpStatusCode expected = HttpStatusCode.OK, string? ifMatch = null) =>
        new GatewayApi(platform.Gateway).SendAsync(token, method, path, body, expected, ifMatch);

    private static Task EventuallyAsync(Func<Task<bool>> condition, string what) => GatewayApi.EventuallyAsync(condition, what, Deadline);
}
