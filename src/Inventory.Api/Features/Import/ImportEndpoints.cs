using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ModelRisk.Contracts.Inventory.V1;
using ModelRisk.Inventory.Data;
using ModelRisk.Inventory.Features.Models;
using ModelRisk.Inventory.Models;
using ModelRisk.Messaging;
using ModelRisk.ServiceDefaults;
using ModelRisk.ServiceDefaults.Identity;
using ModelRisk.ServiceKit.Http;
using nietras.SeparatedValues;

namespace ModelRisk.Inventory.Features.Import;

public enum ImportOutcome
{
    Created,
    Updated,
    Unchanged,
    Rejected,
}

public sealed record ImportRowResult(int Line, string? Org, string? Key, ImportOutcome Outcome, string? Id, IDictionary<string, string[]>? Errors);

public sealed record ImportReport(bool DryRun, int Rows, int Created, int Updated, int Unchanged, int Rejected, IReadOnlyList<ImportRowResult> Results);

public sealed class ImportOptions
{
    /// <summary>The import body limit; the gateway's import route allows the same (its MaxRequestBodySize).</summary>
    public const long MaxBodyBytes = 50 * 1024 * 1024;

    public int MaxRows { get; set; } = 10_000;
}

/// <summary>
/// Bulk import to reconcile the inventory with an external registry: each row creates or updates the model
/// with that org and key. Rows are judged one by one; the accepted ones are saved together with their events.
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
            .RequireAuthorization(PlatformPolicies.InventoryWrite)
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
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(ImportOptions.MaxBodyBytes));
        models.MapGet("/export", Export).WithName("ExportModels")
            .WithSummary("Every model you may see matching the filters, as CSV (format=csv) or JSON lines (format=jsonl).")
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
        using var buffer = new MemoryStream();
        await http.Body.CopyToAsync(buffer, ct);
        buffer.Position = 0;

        var parsed = mediaType == CsvType ? ParseCsv(buffer, options.Value.MaxRows) : ParseJsonLines(buffer, options.Value.MaxRows, json.Value.SerializerOptions);
        if (parsed.FileErrors.Count > 0)
        {
            return ApiProblems.Validation(parsed.FileErrors);
        }

        try
        {
            var report = await ApplyAsync(parsed.Rows, dryRun ?? false, caller, db, time, ct);
            return TypedResults.Ok(report);
        }
        catch (DbUpdateException)
        {
            // A concurrent writer created one of the keys or changed one of the models after the file was judged;
            // the save is one transaction, so nothing was written and the same file can simply be sent again.
            return ApiProblems.Conflict("Some of these models were created or changed at the same time; nothing was saved. Send the file again.");
        }
    }

    private sealed record ParsedRow(int Line, RegisterModelRequest? Request, Dictionary<string, string[]> Errors);

    private sealed record ParsedFile(List<ParsedRow> Rows, Dictionary<string, string[]> FileErrors);

    private static ParsedFile ParseCsv(Stream body, int maxRows)
    {
        var rows = new List<ParsedRow>();
        var fileErrors = new Dictionary<string, string[]>();
        try
        {
            using var reader = ModelCsv.Separator.Reader(o => o with { Unescape = true, HasHeader = true }).From(body);
            var present = reader.Header.ColNames.Select(c => c.Trim()).ToHashSet(StringComparer.Ordinal);
            var missing = ModelCsv.Required.Where(c => !present.Contains(c)).ToList();
            var unknown = present.Where(c => !ModelCsv.Columns.Contains(c)).ToList();
            if (missing.Count > 0 || unknown.Count > 0)
            {
                fileErrors["header"] = [$"Missing columns: [{string.Join(", ", missing)}]; unknown columns: [{string.Join(", ", unknown)}]. Columns: {string.Join(",", ModelCsv.Columns)}."];
                return new ParsedFile(rows, fileErrors);
            }
            foreach (var row in reader)
            {
                if (rows.Count == maxRows)
                {
                    fileErrors["body"] = [$"At most {maxRows} rows per import."];
                    break;
                }
                var (request, errors) = ModelCsv.ReadRow(row, present);
                rows.Add(new ParsedRow(row.LineNumberFrom, request, errors));
            }
        }
        catch (InvalidDataException e)
        {
            fileErrors["body"] = [$"Not valid CSV: {e.Message}"];
        }
        if (rows.Count == 0 && fileErrors.Count == 0)
        {
            fileErrors["body"] = ["The file has a header but no rows."];
        }
        return new ParsedFile(rows, fileErrors);
    }

    private static ParsedFile ParseJsonLines(Stream body, int maxRows, JsonSerializerOptions jsonOptions)
    {
        var rows = new List<ParsedRow>();
        var fileErrors = new Dictionary<string, string[]>();
        using var reader = new StreamReader(body, Encoding.UTF8);
        var line = 0;
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }
            if (rows.Count == maxRows)
            {
                fileErrors["body"] = [$"At most {maxRows} rows per import."];
                break;
            }
            try
            {
                var request = JsonSerializer.Deserialize<RegisterModelRequest>(text, jsonOptions);
                rows.Add(request is null
                    ? new ParsedRow(line, null, new() { ["body"] = ["A row is a JSON object."] })
                    : new ParsedRow(line, request, []));
            }
            catch (JsonException e)
            {
                var field = e.Path is { Length: > 2 } p ? p[2..] : "body";
                rows.Add(new ParsedRow(line, null, new() { [field] = ["The value is missing, malformed or of the wrong type."] }));
            }
        }
        if (rows.Count == 0 && fileErrors.Count == 0)
        {
            fileErrors["body"] = ["The file has no rows."];
        }
        return new ParsedFile(rows, fileErrors);
    }

    private static async Task<ImportReport> ApplyAsync(List<ParsedRow> rows, bool dryRun, ClaimsPrincipal caller, InventoryDbContext db, TimeProvider time, CancellationToken ct)
    {
        var scope = caller.WriteScope(CrossOrgWriters.Records);
        var actor = caller.Actor();
        var now = time.GetUtcNow();
        var results = new List<ImportRowResult>(rows.Count);
        var seen = new HashSet<(string, string)>();

        // One query for every model the file names, instead of one per row.
        var keys = rows.Where(r => r.Request?.Org is not null && r.Request.Key is not null).Select(r => r.Request!.Org + "/" + r.Request.Key).ToHashSet();
        var orgs = rows.Select(r => r.Request?.Org).OfType<string>().Distinct().ToArray();
        var keyNames = rows.Select(r => r.Request?.Key).OfType<string>().Distinct().ToArray();
        var existing = (await db.Models.Where(m => orgs.Contains(m.Org) && keyNames.Contains(m.Key)).ToListAsync(ct))
            .Where(m => keys.Contains(m.Org + "/" + m.Key))
            .ToDictionary(m => (m.Org, m.Key));

        foreach (var row in rows)
        {
            var request = row.Request;
            if (request is null || row.Errors.Count > 0)
            {
                results.Add(new ImportRowResult(row.Line, request?.Org, request?.Key, ImportOutcome.Rejected, null, row.Errors));
                continue;
            }
            var errors = ModelValidation.ValidateRegistration(request);
            if (errors.Count > 0)
            {
                results.Add(new ImportRowResult(row.Line, request.Org, request.Key, ImportOutcome.Rejected, null, errors));
                continue;
            }
            if (!scope.Includes(request.Org!))
            {
                results.Add(Rejected(row.Line, request, "org", "You may import models only into your orgs."));
                continue;
            }
            if (!seen.Add((request.Org!, request.Key!)))
            {
                results.Add(Rejected(row.Line, request, "key", "This org and key appear earlier in the file."));
                continue;
            }
            if (existing.TryGetValue((request.Org!, request.Key!), out var model))
            {
                var changed = ModelChanges.Update(db, model, request.MergeInto(model.Details), actor, now);
                var outcome = changed.Count == 0 ? ImportOutcome.Unchanged : ImportOutcome.Updated;
                results.Add(new ImportRowResult(row.Line, model.Org, model.Key, outcome, model.Id, null));
            }
            else
            {
                var created = ModelChanges.Register(db, request, actor, now);
                results.Add(new ImportRowResult(row.Line, created.Org, created.Key, ImportOutcome.Created, created.Id, null));
            }
        }

        if (!dryRun)
        {
            await db.SaveChangesAsync(ct);
        }
        return new ImportReport(dryRun, rows.Count,
            results.Count(r => r.Outcome == ImportOutcome.Created), results.Count(r => r.Outcome == ImportOutcome.Updated),
            results.Count(r => r.Outcome == ImportOutcome.Unchanged), results.Count(r => r.Outcome == ImportOutcome.Rejected), results);
    }

    private static ImportRowResult Rejected(int line, RegisterModelRequest request, string field, string reason) =>
        new(line, request.Org, request.Key, ImportOutcome.Rejected, null, new Dictionary<string, string[]> { [field] = [reason] });

    internal static async Task<Results<EmptyHttpResult, ValidationProblem>> Export(
        [Microsoft.AspNetCore.Http.AsParameters] ExportQuery query, ClaimsPrincipal caller, InventoryDbContext db, HttpResponse response,
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
        var models = db.Models.AsNoTracking().VisibleTo(caller.ReadScope()).Matching(filter);
        await using var writer = new StreamWriter(response.Body, new UTF8Encoding(false), leaveOpen: true);
        if (format == "csv")
        {
            await writer.WriteLineAsync(string.Join(',', ModelCsv.Columns));
        }
        // Page through by id so an export of the whole inventory never holds it all in memory.
        string? after = null;
        while (true)
        {
            var page = models;
            if (after is not null)
            {
                var last = after;
                page = page.Where(m => string.Compare(m.Id, last) > 0);
            }
            var batch = await page.OrderBy(m => m.Id).Take(500).ToListAsync(ct);
            foreach (var model in batch)
            {
                await writer.WriteLineAsync(format == "csv"
                    ? string.Join(',', ModelCsv.ToCells(model).Select(ModelCsv.FormatCell))
                    : JsonSerializer.Serialize(ModelResponse.From(model), json.Value.SerializerOptions));
            }
            if (batch.Count < 500)
            {
                break;
            }
            after = batch[^1].Id;
            await writer.FlushAsync(ct);
        }
        await writer.FlushAsync(ct);
        return TypedResults.Empty;
    }
}

public sealed record ExportQuery(string? Org, RiskTier? Tier, LifecycleStatus? Status, string? Owner, string? Tag, string? Q, string? Format);
