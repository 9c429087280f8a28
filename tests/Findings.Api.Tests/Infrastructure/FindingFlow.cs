using System.Net;
using System.Text.Json;
using ModelRisk.TestSupport;

namespace ModelRisk.Findings.Tests.Infrastructure;

/// <summary>The steps of the findings workflow as an integration calls them, each asserting its status and returning the body.</summary>
public sealed class FindingFlow(FindingsFactory factory)
{
    public static readonly string Sha = new('c', 64);

    public async Task<JsonElement> SendAsync(string token, HttpMethod method, string path, object? body = null, HttpStatusCode expected = HttpStatusCode.OK,
        string? ifMatch = null)
    {
        using var client = factory.As(token);
        return await client.SendJsonAsync(method, path, body, expected, ifMatch);
    }

    public static string ETag(JsonElement resource) => JsonCalls.ETag(resource);

    public static string Id(JsonElement resource) => JsonCalls.Id(resource);

    public Task<JsonElement> RaiseAsync(string org = People.Org, string severity = "High", string? sourceKey = null, string owner = "olivia.owner",
        string token = "", string title = "Calibration drift in the holdout", HttpStatusCode expected = HttpStatusCode.Created) =>
        SendAsync(token.Length == 0 ? People.Owner : token, HttpMethod.Post, "/api/findings", new
        {
            org, modelId = "model-1", source = "Audit", sourceKey, title, description = "Observed in the Q3 audit.", severity,
            severityRationale = "Affects credit decisions.", owner, verificationSteps = new[] { "Re-run the calibration test" },
        }, expected);

    public Task<JsonElement> ActAsync(JsonElement finding, string token, string action, object? body = null, HttpStatusCode expected = HttpStatusCode.OK) =>
        SendAsync(token, action is "severity" ? HttpMethod.Put : HttpMethod.Post, $"/api/findings/{Id(finding)}/{action}", body ?? new { }, expected, ETag(finding));

    /// <summary>Raised, remediated by dev.one with evidence, and ready for verification.</summary>
    public async Task<JsonElement> ReadyAsync(string severity = "High")
    {
        var finding = await RaiseAsync(severity: severity);
        finding = await ActAsync(finding, People.Owner, "remediation", new { remediator = "dev.one", remediationPlan = "Recalibrate with isotonic regression." });
        finding = await ActAsync(finding, People.Developer, "evidence", new { uri = "s3://evidence/recalibration.html", sha256 = Sha, description = "Re-run report" });
        return await ActAsync(finding, People.Developer, "ready-for-verification", new { note = "Recalibrated; ECE 0.01." });
    }
}
