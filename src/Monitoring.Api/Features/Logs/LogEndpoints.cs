using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ModelRisk.Datasets.Storage;
using ModelRisk.Datasets.Storage.PredictionLogs;
using ModelRisk.Monitoring.Data;
using ModelRisk.Monitoring.Models.Inventory;
using ModelRisk.Monitoring.Models.Logs;
using ModelRisk.ServiceDefaults;
using ModelRisk.ServiceDefaults.Identity;
using ModelRisk.ServiceKit.Data;
using ModelRisk.ServiceKit.Http;

namespace ModelRisk.Monitoring.Features.Logs;

/// <summary>
/// Prediction logs and late labels (ADR 095): each batch is checked whole, then written to the dataset store as one
/// immutable CSV object per UTC day, and listed in the catalogue only once the objects are whole (the rows commit after
/// the writes), so a window's job never names a partial object. The batch id makes a resend harmless.
/// </summary>
public static class LogEndpoints
{
    public const int MaxRows = 10_000;
    public const int MaxFeatures = 200;
    private const int MaxCellLength = 1000;

    public static IEndpointRouteBuilder MapLogEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/monitoring").WithTags("Prediction logs").RequireAuthorization(PlatformPolicies.MonitoringIngest);
        group.MapPost("/predictions", PushPredictions).WithName("PushPredictions")
            .WithSummary("Append a batch of up to 10,000 scored rows (prediction id, timestamp, score, optional group, features) to the model's "
                + "prediction log, partitioned by UTC day. Idempotent per batchId; checked whole before anything is written.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(MonitoringModule.MaxPredictionBodyBytes));
        group.MapPost("/labels", PushLabels).WithName("PushLabels")
            .WithSummary("Append observed outcomes (0 or 1) of earlier predictions, joined by prediction id when a window is evaluated; a later label wins.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            // 10,000 labels with UUID prediction ids and observation times are over the service's 1 MiB default.
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(MonitoringModule.MaxPointsBodyBytes));
        return app;
    }

    internal static async Task<Results<Ok<LogBatchResponse>, ValidationProblem, ProblemHttpResult>> PushPredictions(
        PushPredictionsRequest request, ClaimsPrincipal caller, MonitoringDbContext db, IDatasetStorage storage, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var errors = new FieldErrors();
        CheckBatch(errors, request.ModelId, request.BatchId);
        var features = new SortedSet<string>(StringComparer.Ordinal);
        if (request.Rows is null || request.Rows.Count == 0)
        {
            errors.Add("rows", "Required: at least one row.");
        }
        else if (request.Rows.Count > MaxRows)
        {
            errors.Add("rows", $"At most {MaxRows} rows a batch.");
        }
        else
        {
            var ids = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < request.Rows.Count && errors.Result.Count < 100; i++)
            {
                CheckRow(errors, $"rows[{i}]", request.Rows[i], now, ids, features);
            }
            if (features.Count > MaxFeatures)
            {
                errors.Add("rows", $"At most {MaxFeatures} distinct features a batch.");
            }
        }
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        var (model, problem) = await ModelAccess.ForWriteAsync(db, request.ModelId!, caller, [], "push prediction logs", ct);
        if (problem is not null)
        {
            return problem;
        }
        var names = features.ToList();
        var objects = request.Rows!
            .Select(r => new PredictionRecord(r.PredictionId!, r.Timestamp!.Value, r.Score!.Value, r.Group,
                [.. names.Select(n => r.Features is not null && r.Features.TryGetValue(n, out var v) ? Cell(v) : null)]))
            .GroupBy(r => PredictionLogFormat.DayOf(r.Timestamp))
            .OrderBy(g => g.Key)
            .Select(g => (Day: g.Key, Key: PredictionLogFormat.PredictionKey(model!.ModelId, g.Key, request.BatchId!),
                Bytes: PredictionLogFormat.EncodePredictions(names, g), Rows: g.Count(),
                MinAt: g.Min(r => r.Timestamp).ToUnixTimeMilliseconds(), MaxAt: g.Max(r => r.Timestamp).ToUnixTimeMilliseconds()))
            .ToList();
        return await StoreAsync(db, storage, model!, LogKind.Predictions, request.BatchId!, objects, BatchDigest(objects.Select(o => o.Bytes)),
            request.Rows!.Count, now, ct);
    }

    internal static async Task<Results<Ok<LogBatchResponse>, ValidationProblem, ProblemHttpResult>> PushLabels(
        PushLabelsRequest request, ClaimsPrincipal caller, MonitoringDbContext db, IDatasetStorage storage, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var errors = new FieldErrors();
        CheckBatch(errors, request.ModelId, request.BatchId);
        errors.List("labels", request.Labels, (field, label) =>
        {
            if (label is null)
            {
                errors.Add(field, "Required: a label.");
                return;
            }
            errors.Text($"{field}.predictionId", label.PredictionId, 100, required: true, multiline: false);
            if (label.Label is not (0 or 1))
            {
                errors.Add($"{field}.label", "Required: the observed outcome, 0 or 1.");
            }
            if (label.ObservedAt is { } at && at > now + TimeSpan.FromMinutes(5))
            {
                errors.Add($"{field}.observedAt", "Not in the future.");
            }
        }, MaxRows, required: true);
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        var (model, problem) = await ModelAccess.ForWriteAsync(db, request.ModelId!, caller, [], "push labels", ct);
        if (problem is not null)
        {
            return problem;
        }
        // Labels are partitioned by the day they arrived: a window's job lists the label objects that arrived since it started.
        var records = request.Labels!.Select(l => new LabelRecord(l.PredictionId!, l.Label!.Value, l.ObservedAt ?? now)).ToList();
        var day = PredictionLogFormat.DayOf(now);
        var objects = new List<(DateOnly Day, string Key, byte[] Bytes, int Rows, long MinAt, long MaxAt)>
        {
            (day, PredictionLogFormat.LabelKey(model!.ModelId, day, request.BatchId!), PredictionLogFormat.EncodeLabels(records), records.Count,
                records.Min(r => r.ObservedAt).ToUnixTimeMilliseconds(), records.Max(r => r.ObservedAt).ToUnixTimeMilliseconds()),
        };
        return await StoreAsync(db, storage, model, LogKind.Labels, request.BatchId!, objects, LabelBatchDigest(request.Labels!), records.Count, now, ct);
    }

    private static async Task<Results<Ok<LogBatchResponse>, ValidationProblem, ProblemHttpResult>> StoreAsync(MonitoringDbContext db, IDatasetStorage storage,
        MonitoredModel model, LogKind kind, string batchId, List<(DateOnly Day, string Key, byte[] Bytes, int Rows, long MinAt, long MaxAt)> objects,
        string batchSha, int rows, DateTimeOffset now, CancellationToken ct)
    {
        if (await ExistingBatchAsync(db, model.ModelId, kind, batchId, ct) is { } stored)
        {
            return stored == batchSha
                ? TypedResults.Ok(new LogBatchResponse(batchId, rows, objects.Count, Duplicate: true))
                : ApiProblems.Conflict($"Batch '{batchId}' was stored before with other content; a batch id names one batch. Send new rows under a new id.");
        }
        // The catalogue rows claim the objects' keys first, inside a transaction that commits only once the objects are whole:
        // a concurrent request with the same batch id waits on those keys and is refused before it writes a byte, so it
        // can never replace an object the catalogue lists under another digest. Until the commit no job sees the rows; a
        // failure after the objects are written leaves unlisted objects that no job reads and a resend rewrites.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.LogBatches.Add(new LogBatch
        {
            ModelId = model.ModelId, Kind = kind, BatchId = batchId, Org = model.Org, Sha256 = batchSha, Rows = rows, Objects = objects.Count, ReceivedAt = now,
        });
        foreach (var o in objects)
        {
            db.LogObjects.Add(new LogObject
            {
                Key = o.Key, Org = model.Org, ModelId = model.ModelId, Kind = kind, BatchId = batchId, Day = o.Day, Rows = o.Rows, MinAt = o.MinAt,
                MaxAt = o.MaxAt, Sha256 = Convert.ToHexStringLower(SHA256.HashData(o.Bytes)), ReceivedAt = now,
            });
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (DatabaseErrors.IsUniqueViolation(e))
        {
            await transaction.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            var raced = await ExistingBatchAsync(db, model.ModelId, kind, batchId, ct);
            return raced == batchSha
                ? TypedResults.Ok(new LogBatchResponse(batchId, rows, objects.Count, Duplicate: true))
                : ApiProblems.Conflict($"Batch '{batchId}' was stored at the same time with other content; nothing of this request was written.");
        }
        foreach (var o in objects)
        {
            await storage.WriteObjectAsync(o.Key, o.Bytes, ct);
        }
        await transaction.CommitAsync(ct);
        return TypedResults.Ok(new LogBatchResponse(batchId, rows, objects.Count, Duplicate: false));
    }

    private static Task<string?> ExistingBatchAsync(MonitoringDbContext db, string modelId, LogKind kind, string batchId, CancellationToken ct) =>
        db.LogBatches.AsNoTracking().Where(b => b.ModelId == modelId && b.Kind == kind && b.BatchId == batchId).Select(b => b.Sha256).FirstOrDefaultAsync(ct);

    private static string BatchDigest(IEnumerable<byte[]> objects)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var bytes in objects)
        {
            hash.AppendData(bytes);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>
    /// A label batch's digest over what the pipeline sent, not over the stored object: a label without observedAt is
    /// stamped with its arrival, so a retry of the same batch would otherwise differ from the original and be refused.
    /// </summary>
    private static string LabelBatchDigest(IEnumerable<LabelInput> labels)
    {
        var text = new System.Text.StringBuilder();
        foreach (var label in labels)
        {
            text.Append(label.PredictionId).Append('\t').Append(label.Label?.ToString(CultureInfo.InvariantCulture)).Append('\t')
                .Append(label.ObservedAt is { } at ? PredictionLogFormat.FormatTimestamp(at) : "").Append('\n');
        }
        return Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text.ToString())));
    }

    private static void CheckBatch(FieldErrors errors, string? modelId, string? batchId)
    {
        errors.Text("modelId", modelId, 40, required: true, multiline: false);
        if (string.IsNullOrEmpty(batchId) || batchId.Length > 100 || !batchId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') || batchId[0] == '.')
        {
            errors.Add("batchId", "Required: the batch's idempotency key, 1-100 letters, digits, '-', '_' or '.', not starting with '.'.");
        }
    }

    private static void CheckRow(FieldErrors errors, string field, PredictionInput? row, DateTimeOffset now, HashSet<string> ids, SortedSet<string> features)
    {
        if (row is null)
        {
            errors.Add(field, "Required: a row.");
            return;
        }
        errors.Text($"{field}.predictionId", row.PredictionId, 100, required: true, multiline: false);
        if (row.PredictionId is { } id && !ids.Add(id))
        {
            errors.Add($"{field}.predictionId", "Appears twice in this batch.");
        }
        if (row.Timestamp is not { } at)
        {
            errors.Add($"{field}.timestamp", "Required: when the row was scored, an ISO 8601 instant with its offset.");
        }
        else if (at > now + TimeSpan.FromMinutes(5) || at.Year < 2000)
        {
            errors.Add($"{field}.timestamp", "Between 2000-01-01 and five minutes from now.");
        }
        if (row.Score is not { } score || !double.IsFinite(score) || score < 0 || score > 1)
        {
            errors.Add($"{field}.score", "Required: the model's score, from 0 to 1.");
        }
        errors.Text($"{field}.group", row.Group, 200, multiline: false);
        foreach (var (name, value) in row.Features ?? [])
        {
            if (string.IsNullOrWhiteSpace(name) || name.Length > 100 || PredictionLogFormat.ReservedColumns.Contains(name) || name.Any(char.IsControl))
            {
                errors.Add($"{field}.features", $"Feature '{name}': 1-100 printable characters, none of {string.Join(", ", PredictionLogFormat.ReservedColumns)}.");
                continue;
            }
            if (value.ValueKind is not (JsonValueKind.Number or JsonValueKind.String or JsonValueKind.Null)
                || (value.ValueKind == JsonValueKind.Number && !(value.TryGetDouble(out var number) && double.IsFinite(number)))
                || (value.ValueKind == JsonValueKind.String && (value.GetString()!.Length > MaxCellLength || value.GetString()!.Any(char.IsControl))))
            {
                errors.Add($"{field}.features.{name}", $"A finite number, a string of at most {MaxCellLength} printable characters, or null.");
                continue;
            }
            features.Add(name);
        }
    }

    private static string? Cell(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => value.GetDouble().ToString("R", CultureInfo.InvariantCulture),
        JsonValueKind.String => value.GetString(),
        _ => null,
    };
}
