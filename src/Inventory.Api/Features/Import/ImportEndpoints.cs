using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ModelRisk.Inventory.Data;
using ModelRisk.Inventory.Features.Models;
using ModelRisk.ServiceDefaults;
using ModelRisk.ServiceDefaults.Identity;
using ModelRisk.ServiceKit.Data;
using ModelRisk.ServiceKit.Http;

namespace ModelRisk.Inventory.Features.Import;

/// <summary>
/// Bulk import to reconcile the inventory with an external registry, and export: the HTTP side only. The body is
/// read by <see cref="CsvImportReader"/> or <see cref="JsonLinesImportReader"/>, applied by <see cref="ImportApplier"/>,
/// and an export is written by <see cref="ModelExportWriter"/>.
/// </summary>
public static class ImportEndpoints
{
    public const string CsvType = "text/csv";
    public static readonly string[] JsonLinesTypes = ["application/x-ndjson", "application/jsonl", "application/x-jsonlines"];

    public static IEndpointRouteBuilder MapImportEndpoints(this IEndpointRouteBuilder app)
    {
        var models = app.MapGroup(ModelEndpoints.BasePath).WithTags("Import and export");
        models.MapPost("/import", Import).WithName("ImportModels")
            .WithSummary("Create or update models from CSV (text/csv) or JSON lines (application/x-ndjson); a per-row report. ?dryRun=true saves nothing.")
            .WithDescription("Each row creates the model with its org and key, or updates the one that exists. Rows are judged one by one and the report says what happened to each; the accepted rows are saved together. A body that is not CSV or JSON lines, or a file-level error, is 400; a concurrent change to one of the models is 409 and saves nothing.")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .RequireAuthorization(PlatformPolicies.InventoryWrite)
            .RequireRateLimiting(ImportConcurrency.PolicyName)
            // No Accepts(...) metadata: routing would answer another content type with a bare 415 before the handler
            // could name the types it takes (400, field Content-Type). The document states the body types instead.
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                var text = new Microsoft.OpenApi.OpenApiMediaType { Schema = new Microsoft.OpenApi.OpenApiSchema { Type = Microsoft.OpenApi.JsonSchemaType.String } };
                operation.RequestBody = new Microsoft.OpenApi.OpenApiRequestBody
                {
                    Required = true,
                    Content = new[] { CsvType }.Concat(JsonLinesTypes).ToDictionary(type => type, _ => text),
                };
                return Task.CompletedTask;
            })
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(ImportOptions.MaxBodyBytes));
        models.MapGet("/export", Export).WithName("ExportModels")
            .WithSummary("Every model you may see matching the filters, as CSV (format=csv) or JSON lines (format=jsonl).")
            .WithDescription("Streams every matching model in the caller's orgs as an attachment, in the columns the import reads, so an export can be edited and imported again.")
            .Produces<string>(StatusCodes.Status200OK, CsvType, JsonLinesTypes[0])
            .RequireAuthorization(PlatformPolicies.InventoryRead);
        return app;
    }

    internal static async Task<Results<Ok<ImportReport>, ValidationProblem, ProblemHttpResult>> Import(
        HttpRequest http, bool? dryRun, ClaimsPrincipal caller, InventoryDbContext db, TimeProvider time,
        IOptions<ImportOptions> options, IOptions<JsonOptions> json, CancellationToken ct)
    {
        var mediaType = http.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        if (mediaType != CsvType && !JsonLinesTypes.Contains(mediaType))
        {
            return ApiProblems.Validation(new Dictionary<string, string[]>
            {
                ["Content-Type"] = [$"Send {CsvType} or one of {string.Join(", ", JsonLinesTypes)}."],
            });
        }
        using ImportFileReader reader = mediaType == CsvType
            ? new CsvImportReader(options.Value)
            : new JsonLinesImportReader(options.Value, json.Value.SerializerOptions);
        var file = await reader.ReadAsync(http.BodyReader, ct);
        if (file.Refusal is { } refusal)
        {
            return Refuse(refusal);
        }

        var scope = caller.WriteScope(CrossOrgWriters.Records);
        try
        {
            var report = await ImportApplier.ApplyAsync(file.Rows, dryRun ?? false, scope, caller.Actor(), db, time.GetUtcNow(), ct);
            return TypedResults.Ok(report);
        }
        catch (DbUpdateException e) when (DatabaseErrors.IsRace(e))
        {
            // A concurrent writer created one of the keys or changed one of the models after the file was judged;
            // the save is one transaction, so nothing was written and the same file can simply be sent again.
            return ApiProblems.Conflict("Some of these models were created or changed at the same time; nothing was saved. Send the file again.");
        }
    }

    /// <summary>A refused file: 400 (its shape) or 413 (a size), naming the field under <c>errors</c> and the line under <c>line</c>.</summary>
    private static Results<Ok<ImportReport>, ValidationProblem, ProblemHttpResult> Refuse(ImportRefusal refusal)
    {
        var errors = new Dictionary<string, string[]> { [refusal.Field] = [refusal.Message] };
        if (refusal.Kind == ImportRefusalKind.Invalid)
        {
            var invalid = ApiProblems.Validation(errors);
            if (refusal.Line is { } line)
            {
                invalid.ProblemDetails.Extensions["line"] = line;
            }
            return invalid;
        }
        // No type given: the service's problem writer sets the platform's payload-too-large type and title for 413.
        var extensions = new Dictionary<string, object?> { ["errors"] = errors };
        if (refusal.Line is { } tooLargeLine)
        {
            extensions["line"] = tooLargeLine;
        }
        return TypedResults.Problem(refusal.Message, statusCode: StatusCodes.Status413PayloadTooLarge, extensions: extensions);
    }

    internal static async Task<Results<EmptyHttpResult, ValidationProblem>> Export(
        [AsParameters] ExportQuery query, ClaimsPrincipal caller, InventoryDbContext db, HttpResponse response,
        IOptions<JsonOptions> json, CancellationToken ct)
    {
        var filter = new ModelFilter(query.Org, query.Tier, query.Status, query.Owner, query.Tag, query.Q);
        var errors = ModelQueries.Validate(filter, null, null);
        var format = (query.Format ?? "jsonl").ToLowerInvariant();
        if (format is not ("csv" or "jsonl"))
        {
            errors["format"] = ["csv or jsonl."];
        }
        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }
        response.ContentType = format == "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8";
        response.Headers.ContentDisposition = $"attachment; filename=models.{format}";
        var models = db.Models.AsNoTracking()
            .VisibleTo(caller.ReadScope())
            .Matching(filter);
        await ModelExportWriter.WriteAsync(models, format == "csv", response.Body, json.Value.SerializerOptions, ct);
        return TypedResults.Empty;
    }
}
