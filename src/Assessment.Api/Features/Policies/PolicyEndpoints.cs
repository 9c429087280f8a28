using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ModelRisk.Assessment.Data;
using ModelRisk.Assessment.Models.Log;
using ModelRisk.Assessment.Models.Tiering;
using ModelRisk.Contracts.Assessment.V1;
using ModelRisk.DecisionLog;
using ModelRisk.Messaging;
using ModelRisk.ServiceDefaults;
using ModelRisk.ServiceDefaults.Identity;
using ModelRisk.ServiceDefaults.OpenApi;
using ModelRisk.ServiceKit.Http;

namespace ModelRisk.Assessment.Features.Policies;

public static class PolicyEndpoints
{
    public const string BasePath = "/api/assessment/policies";

    public static IEndpointRouteBuilder MapPolicyEndpoints(this IEndpointRouteBuilder app)
    {
        var policies = app.MapGroup(BasePath).WithTags("Tiering policies").RequireAuthorization(PlatformPolicies.AssessmentRead);
        policies.MapGet("/current", Current).WithName("GetCurrentTieringPolicy")
            .WithSummary("The tiering policy in force: questions, scores, tier bands, floors and what each tier requires.");
        policies.MapGet("/{version}", Get).WithName("GetTieringPolicy").WithSummary("One tiering policy version.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        policies.MapPost("/", Publish).WithName("PublishTieringPolicy")
            .WithSummary("Publish a new tiering policy version (platform admins). New tierings use it; earlier ones keep theirs; Monitoring measures coverage against the tiers it makes monitoring mandatory for.")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .RequireAuthorization(PlatformPolicies.PolicyPublish)
            .Accepts<TieringPolicy>("application/json");
        return app;
    }

    internal static async Task<Ok<TieringPolicy>> Current(TieringPolicies policies, CancellationToken ct) =>
        TypedResults.Ok(await policies.CurrentAsync(ct));

    internal static async Task<Results<Ok<TieringPolicy>, ProblemHttpResult>> Get(string version, TieringPolicies policies, CancellationToken ct) =>
        await policies.FindAsync(version, ct) is { } policy ? TypedResults.Ok(policy) : ApiProblems.NotFound($"No tiering policy version '{version}'.");

    internal static async Task<Results<Created<TieringPolicy>, ValidationProblem, ProblemHttpResult>> Publish(
        HttpRequest request, ClaimsPrincipal caller, AssessmentDbContext db, TimeProvider time, CancellationToken ct)
    {
        using var reader = new StreamReader(request.Body);
        var json = await reader.ReadToEndAsync(ct);
        var (policy, errors) = TieringPolicyLoader.Parse(json);
        if (policy is null)
        {
            return ApiProblems.Validation(errors);
        }
        if (TieringPolicies.IsShipped(policy.Version) || await db.Policies.AnyAsync(p => p.Version == policy.Version, ct))
        {
            return ApiProblems.Conflict($"Policy version '{policy.Version}' exists; a published version is never changed. Publish under a new version.");
        }
        var now = time.GetUtcNow();
        db.Policies.Add(new PublishedPolicy { Version = policy.Version, Json = CanonicalJson.Normalize(json), PublishedBy = caller.Actor(), PublishedAt = now });
        // A policy applies to every org; its publication is recorded in the log of each org it will tier.
        db.RecordLogFact(new LogFact(PlatformOrg, LogEntryKinds.PolicyPublished, policy.Version, caller.Actor(), now,
            new { version = policy.Version, sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(CanonicalJson.Normalize(json)))) }));
        // Monitoring measures coverage against the tiers this version makes monitoring mandatory for.
        db.AddOutboxEvent(new TieringPolicyPublished(policy.Version,
            [.. policy.Requirements.Where(r => r.Value.MonitoringMandatory).Select(r => r.Key.ToString()).Order(StringComparer.Ordinal)], caller.Actor(), now));
        if (await Editing.SaveAsync(db, ct, preconditionSent: false) is { } conflict)
        {
            return conflict;
        }
        return TypedResults.Created($"{BasePath}/{Uri.EscapeDataString(policy.Version)}", policy);
    }

    /// <summary>The log that records platform-wide facts such as policy publications.</summary>
    public const string PlatformOrg = "_platform";
}
