using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ModelRisk.Assessment.Data;
using ModelRisk.Assessment.Models.Log;
using ModelRisk.DecisionLog;
using ModelRisk.ServiceDefaults;
using ModelRisk.ServiceDefaults.Identity;
using ModelRisk.ServiceDefaults.OpenApi;
using ModelRisk.ServiceKit.Http;

namespace ModelRisk.Assessment.Features.DecisionLog;

public static class DecisionLogEndpoints
{
    public const string BasePath = "/api/assessment/decision-log";

    public static IEndpointRouteBuilder MapDecisionLogEndpoints(this IEndpointRouteBuilder app)
    {
        var log = app.MapGroup(BasePath).WithTags("Decision log").RequireAuthorization(PlatformPolicies.AssessmentRead);
        log.MapGet("/keys", Keys).WithName("GetDecisionLogKeys").WithSummary("The public keys (PEM) that verify the log's signed checkpoints, for offline verification.");
        log.MapGet("/{org}/verification", Verify).WithName("VerifyDecisionLog")
            .WithSummary("Verify an org's hash chain and signed checkpoints; names the first broken entry.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        log.MapGet("/{org}/export", Export).WithName("ExportDecisionLog")
            .WithSummary("The org's log as JSON lines (checkpoints, then entries in order); `mrp verify-log` verifies it offline.")
            .Produces(StatusCodes.Status200OK, contentType: "application/jsonl")
            .ProducesProblem(StatusCodes.Status404NotFound);
        log.MapPost("/{org}/checkpoints", Sign).WithName("SignDecisionLogCheckpoint")
            .WithSummary("Sign the org's current head now instead of waiting for the periodic signing (platform admins).")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(PlatformPolicies.DecisionLogSign);
        return app;
    }

    internal static Ok<IReadOnlyList<string>> Keys(DecisionLogKeys keys) => TypedResults.Ok(keys.PublicKeyPems);

    internal static async Task<Results<Ok<ChainVerification>, ProblemHttpResult>> Verify(
        string org, ClaimsPrincipal caller, AssessmentDbContext db, DecisionLogKeys keys, CancellationToken ct)
    {
        if (!caller.ReadScope().Includes(org))
        {
            return NotFound(org);
        }
        var checkpoints = await db.DecisionLogCheckpoints.AsNoTracking().Where(c => c.Org == org).ToListAsync(ct);
        using var verifier = new ChainVerifier(org, checkpoints.Select(c => c.ToCheckpoint()), keys.Trusted);
        await foreach (var entry in db.DecisionLog.AsNoTracking().Where(e => e.Org == org).OrderBy(e => e.Sequence).AsAsyncEnumerable().WithCancellation(ct))
        {
            verifier.Add(entry.ToLogEntry());
        }
        return TypedResults.Ok(verifier.Finish());
    }

    internal static async Task<Results<EmptyHttpResult, ProblemHttpResult>> Export(
        string org, ClaimsPrincipal caller, AssessmentDbContext db, HttpResponse response, CancellationToken ct)
    {
        if (!caller.ReadScope().Includes(org))
        {
            return NotFound(org);
        }
        var checkpoints = await db.DecisionLogCheckpoints.AsNoTracking().Where(c => c.Org == org).OrderBy(c => c.Sequence).ToListAsync(ct);
        response.ContentType = "application/jsonl";
        response.Headers.ContentDisposition = $"attachment; filename=\"decision-log-{org}.jsonl\"";
        var entries = db.DecisionLog.AsNoTracking().Where(e => e.Org == org).OrderBy(e => e.Sequence).AsAsyncEnumerable();
        await LogExport.WriteAsync(response.Body, Select(entries), checkpoints.Select(c => c.ToCheckpoint()), ct);
        return TypedResults.Empty;
    }

    internal static async Task<Results<Ok<IReadOnlyList<DecisionLogCheckpoint>>, ProblemHttpResult>> Sign(
        string org, ClaimsPrincipal caller, CheckpointSigning signing, CancellationToken ct)
    {
        if (!caller.ReadScope().Includes(org))
        {
            return NotFound(org);
        }
        return TypedResults.Ok(await signing.SignMovedHeadsAsync(org, ct));
    }

    private static async IAsyncEnumerable<LogEntry> Select(IAsyncEnumerable<DecisionLogEntry> rows)
    {
        await foreach (var row in rows)
        {
            yield return row.ToLogEntry();
        }
    }

    private static ProblemHttpResult NotFound(string org) => ApiProblems.NotFound($"No decision log for org '{org}' among the orgs you may see.");
}
