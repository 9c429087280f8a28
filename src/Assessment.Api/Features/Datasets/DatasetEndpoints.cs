using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using ModelRisk.Assessment.Data;
using ModelRisk.Assessment.Models.Datasets;
using ModelRisk.Datasets.Storage;
using ModelRisk.ServiceDefaults;
using ModelRisk.ServiceDefaults.Identity;
using ModelRisk.ServiceDefaults.OpenApi;
using ModelRisk.ServiceKit.Http;
using ModelRisk.ServiceKit.Paging;

namespace ModelRisk.Assessment.Features.Datasets;

/// <summary>
/// Datasets for validation runs: uploaded as a raw body that streams to the dataset store (never held in memory),
/// measured on the way (size, SHA-256, format, CSV header), listed and read in the caller's orgs, downloaded as a
/// stream, deleted with If-Match. Runs reference a dataset by id.
/// </summary>
public static class DatasetEndpoints
{
    public const string BasePath = "/api/assessment/datasets";
    public const string CsvType = "text/csv";
    public const string ParquetType = "application/vnd.apache.parquet";
    public const string OctetStreamType = "application/octet-stream";
    private const string CursorKind = "d";
    private static readonly string[] UploadTypes = [CsvType, ParquetType, OctetStreamType];

    public static IEndpointRouteBuilder MapDatasetEndpoints(this IEndpointRouteBuilder app)
    {
        var maxBytes = app.ServiceProvider.GetRequiredService<IOptions<DatasetStorageOptions>>().Value.MaxDatasetBytes;
        var datasets = app.MapGroup(BasePath).WithTags("Datasets").RequireAuthorization(PlatformPolicies.AssessmentRead);
        datasets.MapPost("/", Upload).WithName("UploadDataset")
            .WithSummary("Upload a dataset (CSV with a header line, or Parquet) as the raw body; ?org= and ?name= say whose it is and what to call it.")
            .WithDescription($"The body streams to the dataset store; its size, SHA-256 and format are measured on the way, and the format comes from "
                + $"the content (Parquet: PAR1 at both ends; CSV: UTF-8 text whose first line names the columns). {CsvType} or {ParquetType} must match "
                + $"the content; {OctetStreamType} takes either. Larger than {maxBytes} bytes is 413 and nothing is kept.")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status413PayloadTooLarge).WithETag()
            .RequireAuthorization(PlatformPolicies.AssessmentWrite)
            // This route alone takes bodies up to the dataset limit; every other keeps the service's 1 MB.
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(maxBytes))
            // No Accepts(...) metadata: routing would answer another content type with a bare 415 before the handler
            // could name the types it takes (400, field Content-Type). The document states the body types instead.
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                operation.RequestBody = new OpenApiRequestBody
                {
                    Required = true,
                    Description = "The dataset's bytes.",
                    Content = UploadTypes.ToDictionary(type => type, _ => new OpenApiMediaType { Schema = BinarySchema() }),
                };
                return Task.CompletedTask;
            });
        datasets.MapGet("/", List).WithName("ListDatasets").WithSummary("Datasets you may see, oldest first, with keyset paging.");
        datasets.MapGet("/{id}", Get).WithName("GetDataset").WithSummary("One dataset's metadata; the ETag is its revision.")
            .ProducesProblem(StatusCodes.Status404NotFound).WithETag();
        datasets.MapGet("/{id}/content", Download).WithName("DownloadDataset")
            .WithSummary("The dataset's bytes exactly as uploaded (their SHA-256 is the dataset's sha256), streamed.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                operation.Responses ??= [];
                operation.Responses["200"] = new OpenApiResponse
                {
                    Description = "The dataset's bytes, exactly as uploaded.",
                    Content = new[] { CsvType, ParquetType }.ToDictionary(type => type, _ => new OpenApiMediaType { Schema = BinarySchema() }),
                };
                return Task.CompletedTask;
            });
        datasets.MapDelete("/{id}", Delete).WithName("DeleteDataset")
            .WithSummary("Delete a dataset and its stored bytes (If-Match required).")
            .ProducesProblem(StatusCodes.Status404NotFound).WithIfMatch()
            .RequireAuthorization(PlatformPolicies.AssessmentWrite);
        return app;
    }

    private static OpenApiSchema BinarySchema() => new() { Type = JsonSchemaType.String, Format = "binary" };

    internal static async Task<Results<Created<DatasetResponse>, ValidationProblem, ProblemHttpResult>> Upload(
        [AsParameters] UploadDatasetQuery query, HttpRequest http, ClaimsPrincipal caller, [AsParameters] DatasetServices services,
        HttpResponse response, CancellationToken ct)
    {
        var errors = new FieldErrors();
        errors.Slug("org", query.Org);
        errors.Text("name", query.Name, Dataset.MaxNameLength, required: true, multiline: false);
        var mediaType = http.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        if (mediaType is null || !UploadTypes.Contains(mediaType))
        {
            errors.Add("Content-Type", $"Send {CsvType}, {ParquetType} or {OctetStreamType}; the format is recognised from the content.");
        }
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        var org = query.Org!;
        if (!caller.WriteScope().Includes(org))
        {
            return ApiProblems.Forbidden($"You may upload datasets only in your orgs ({string.Join(", ", caller.Orgs())}).");
        }
        var maxBytes = services.Options.Value.MaxDatasetBytes;
        if (http.ContentLength > maxBytes)
        {
            // Refused before a byte is read: the declared length already says it will not fit.
            return TooLarge($"The dataset is {http.ContentLength} bytes; the limit is {maxBytes} bytes.");
        }

        var (id, key) = Dataset.Allocate(org);
        var write = await services.Storage.WriteAsync(key, http.Body, maxBytes, ct);
        if (write.Rejection is { } rejection)
        {
            return rejection.Kind == DatasetRejectionKind.TooLarge
                ? TooLarge(rejection.Reason)
                : ApiProblems.Validation(new Dictionary<string, string[]> { ["body"] = [rejection.Reason] });
        }
        var stored = write.Stored!;
        if (Declared(mediaType!) is { } declared && declared != stored.Format)
        {
            await services.Storage.DeleteAsync(key, CancellationToken.None);
            return ApiProblems.Validation(new Dictionary<string, string[]>
            {
                ["Content-Type"] = [$"{mediaType} declares {declared}, but the content is {stored.Format}; send {OctetStreamType} to let the content decide."],
            });
        }

        var dataset = Dataset.Create(id, org, query.Name!.Trim(), stored, caller.Actor(), services.Time.GetUtcNow());
        services.Db.Datasets.Add(dataset);
        var saved = false;
        try
        {
            if (await Editing.SaveAsync(services.Db, ct, preconditionSent: false) is { } conflict)
            {
                return conflict;
            }
            saved = true;
        }
        finally
        {
            if (!saved)
            {
                // No row will point at these bytes.
                await services.Storage.DeleteAsync(key, CancellationToken.None);
            }
        }
        response.Headers.ETag = ETags.For(dataset.Revision);
        return TypedResults.Created($"{BasePath}/{dataset.Id}", DatasetResponse.From(dataset));
    }

    internal static async Task<Results<Ok<Page<DatasetResponse>>, ValidationProblem>> List(
        [AsParameters] ListDatasetsQuery query, ClaimsPrincipal caller, AssessmentDbContext db, CancellationToken ct)
    {
        var errors = new FieldErrors();
        errors.ValidatePaging(query.Limit, query.Cursor, CursorKind);
        if (query.Org is not null)
        {
            errors.Slug("org", query.Org);
        }
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        var datasets = db.Datasets.VisibleTo(caller.ReadScope());
        if (query.Org is not null)
        {
            datasets = datasets.Where(d => d.Org == query.Org);
        }
        var page = await datasets.PageAsync(query.Limit, query.Cursor, CursorKind, ct);
        return TypedResults.Ok(new Page<DatasetResponse>([.. page.Items.Select(DatasetResponse.From)], page.NextCursor));
    }

    internal static async Task<Results<Ok<DatasetResponse>, ProblemHttpResult>> Get(
        string id, ClaimsPrincipal caller, AssessmentDbContext db, HttpResponse response, CancellationToken ct)
    {
        var dataset = await db.Datasets.AsNoTracking().VisibleTo(caller.ReadScope()).FirstOrDefaultAsync(d => d.Id == id, ct);
        if (dataset is null)
        {
            return NotFound(id);
        }
        response.Headers.ETag = ETags.For(dataset.Revision);
        return TypedResults.Ok(DatasetResponse.From(dataset));
    }

    internal static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> Download(
        string id, ClaimsPrincipal caller, [AsParameters] DatasetServices services, HttpResponse response, CancellationToken ct)
    {
        var dataset = await services.Db.Datasets.AsNoTracking().VisibleTo(caller.ReadScope()).FirstOrDefaultAsync(d => d.Id == id, ct);
        if (dataset is null)
        {
            return NotFound(id);
        }
        // A row whose bytes are gone is a fault (500), not a 404: the dataset exists and the store lost it.
        var content = await services.Storage.OpenReadAsync(dataset.StorageKey, 0, null, ct);
        response.ContentLength = dataset.SizeBytes;
        response.Headers.ETag = ETags.For(dataset.Revision);
        var (type, extension) = dataset.Format == DatasetFormat.Parquet ? (ParquetType, "parquet") : (CsvType, "csv");
        return TypedResults.Stream(content, type, $"{dataset.Id}.{extension}");
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        string id, ClaimsPrincipal caller, [AsParameters] DatasetServices services, HttpRequest http, CancellationToken ct)
    {
        var (dataset, problem) = await Editing.LoadForEditAsync(services.Db.Datasets.WritableIn(caller.WriteScope()), id, http, NotFoundDetail(id), ct);
        if (dataset is null)
        {
            return problem!;
        }
        services.Db.Datasets.Remove(dataset);
        if (await Editing.SaveAsync(services.Db, ct) is { } conflict)
        {
            return conflict;
        }
        // The row goes first: a store failure now leaves bytes nobody can reach, never a dataset without its bytes.
        try
        {
            await services.Storage.DeleteAsync(dataset.StorageKey, CancellationToken.None);
        }
        catch (Exception e)
        {
            services.Logger.LogError(e, "Dataset {DatasetId} was deleted but its stored bytes at {StorageKey} could not be removed", dataset.Id, dataset.StorageKey);
        }
        return TypedResults.NoContent();
    }

    private static DatasetFormat? Declared(string mediaType) => mediaType switch
    {
        CsvType => DatasetFormat.Csv,
        ParquetType => DatasetFormat.Parquet,
        _ => null,
    };

    private static ProblemHttpResult TooLarge(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status413PayloadTooLarge, type: ApiProblems.PayloadTooLargeType,
            title: "The request body is too large.", extensions: new Dictionary<string, object?>
            {
                ["errors"] = new Dictionary<string, string[]> { ["body"] = [detail] },
            });

    private static string NotFoundDetail(string id) => $"No dataset '{id}' in the orgs you may see.";

    private static ProblemHttpResult NotFound(string id) => ApiProblems.NotFound(NotFoundDetail(id));
}
