using System.Net;
using System.Text.Json;
using ModelRisk.TestSupport;

namespace ModelRisk.Assessment.Tests.Infrastructure;

/// <summary>The steps of the workflow as an integration calls them, each asserting its status and returning the body.</summary>
public sealed class ReviewFlow(AssessmentFactory factory)
{
    public static readonly Dictionary<string, string[]> HighRiskAnswers = new()
    {
        ["customer-impact"] = ["material"],
        ["decision-autonomy"] = ["human-in-the-loop"],
        ["scale"] = ["1k-100k"],
        ["data-sensitivity"] = ["personal"],
        ["regulatory-exposure"] = ["credit"],
        ["opacity"] = ["explainable"],
        ["genai-exposure"] = ["none"],
        ["third-party"] = ["in-house"],
    };

    public static readonly string Sha = new('b', 64);

    public async Task<JsonElement> SendAsync(string token, HttpMethod method, string path, object? body = null, HttpStatusCode expected = HttpStatusCode.OK,
        string? ifMatch = null)
    {
        using var client = factory.As(token);
        return await client.SendJsonAsync(method, path, body, expected, ifMatch);
    }

    public static string ETag(JsonElement resource) => JsonCalls.ETag(resource);

    public async Task<JsonElement> TierAsync(string modelId, string token, Dictionary<string, string[]>? answers = null) =>
        await SendAsync(token, HttpMethod.Post, "/api/assessment/tierings", new { modelId, answers = answers ?? HighRiskAnswers }, HttpStatusCode.Created);

    public async Task<JsonElement> OpenAsync(string modelId, string versionId, string token) =>
        await SendAsync(token, HttpMethod.Post, "/api/assessment/reviews", new { modelId, modelVersionId = versionId, kind = "NewModel" }, HttpStatusCode.Created);

    public async Task<JsonElement> ActAsync(JsonElement review, string token, string action, object? body = null, HttpStatusCode expected = HttpStatusCode.OK) =>
        await SendAsync(token, action == "validator" || action == "mra" ? HttpMethod.Put : HttpMethod.Post,
            $"/api/assessment/reviews/{review.GetProperty("id").GetString()}/{action}", body ?? new { }, expected, ETag(review));

    /// <summary>A high-tier model's review taken through intake into InReview with every evidence item.</summary>
    public async Task<(Contracts.Grpc.Inventory.V1.Model Model, JsonElement Review)> InReviewAsync()
    {
        var model = factory.Inventory.Add(People.Org);
        await TierAsync(model.Id, People.Owner);
        var review = await OpenAsync(model.Id, model.Versions[0].Id, People.Owner);
        foreach (var kind in new[] { "model-card", "evaluation-report", "data-sheet" })
        {
            review = await ActAsync(review, People.Owner, "evidence", new { kind, uri = $"s3://evidence/{kind}.pdf", sha256 = Sha });
        }
        review = await ActAsync(review, People.Owner, "submit");
        review = await ActAsync(review, People.Analyst, "validator", new { validator = "riley.analyst" });
        review = await ActAsync(review, People.Analyst, "accept");
        return (model, review);
    }
}
