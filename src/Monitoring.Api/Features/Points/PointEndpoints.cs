using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ModelRisk.Monitoring.Data;
using ModelRisk.Monitoring.Models.Points;
using ModelRisk.ServiceDefaults;
using ModelRisk.ServiceDefaults.Identity;
using ModelRisk.ServiceKit.Data;
using ModelRisk.ServiceKit.Http;

namespace ModelRisk.Monitoring.Features.Points;

public static class PointEndpoints
{
    public const int MaxBatch = 10_000;
    public const int MaxSeriesBuckets = 10_000;

    private const int MaxSeriesReturned = 100;

    /// <summary>The most distinct series a query reads before filtering exactly and keeping <see cref="MaxSeriesReturned"/>.</summary>
    private const int MaxSeriesScanned = 10_000;

    /// <summary>A point may be at most this far in the future (clock skew between a pipeline and the platform).</summary>
    private static readonly TimeSpan FutureTolerance = TimeSpan.FromMinutes(5);
    private static readonly DateTimeOffset Earliest = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static IEndpointRouteBuilder MapPointEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/monitoring").WithTags("Points").RequireAuthorization(PlatformPolicies.MonitoringRead);
        group.MapPost("/points", Push).WithName("PushMetricPoints")
            .WithSummary("Push a batch of up to 10,000 metric points of one model. Idempotent per (model, metric, timestamp, labels): a resent point is "
                + "counted as a duplicate; a point whose key is stored with another value is refused. Every point is checked before any is written: "
                + "a bad one refuses the batch with a per-item report, nothing half-written.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(MonitoringModule.MaxPointsBodyBytes))
            .RequireAuthorization(PlatformPolicies.MonitoringIngest);
        group.MapGet("/series", Series).WithName("GetMetricSeries")
            .WithSummary("A model metric's series in [from, to), filtered by labels, raw or downsampled into buckets of `step` (avg, min, max, sum or count).");
        return app;
    }

    internal static async Task<Results<Ok<PushPointsResponse>, ValidationProblem, ProblemHttpResult>> Push(
        PushPointsRequest request, ClaimsPrincipal caller, MonitoringDbContext db, PointIngest ingest, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var errors = new FieldErrors();
        errors.Text("modelId", request.ModelId, 40, required: true, multiline: false);
        if (request.Points is null || request.Points.Count == 0)
        {
            errors.Add("points", "Required: at least one point.");
        }
        else if (request.Points.Count > MaxBatch)
        {
            errors.Add("points", $"At most {MaxBatch} points a batch.");
        }
        else
        {
            for (var i = 0; i < request.Points.Count; i++)
            {
                ValidatePoint(errors, $"points[{i}]", request.Points[i], now);
            }
        }
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        var (model, problem) = await ModelAccess.ForWriteAsync(db, request.ModelId!, caller, [], "push points", ct);
        if (problem is not null)
        {
            return problem;
        }
        var ingestedAt = now.ToUnixTimeMilliseconds();
        var points = request.Points!.Select(p => new NewPoint(new MetricPoint
        {
            ModelId = model!.ModelId,
            Metric = p.Metric!,
            Series = SeriesLabels.Canonical(p.Labels),
            At = p.Timestamp!.Value.ToUnixTimeMilliseconds(),
            Org = model.Org,
            Value = p.Value!.Value,
            Source = PointSource.Pushed,
            IngestedAt = ingestedAt,
        }, SeriesLabels.ColumnOf(p.Labels), p.Timestamp.Value)).ToList();

        using var turn = await ingest.TakeTurnAsync(ct);
        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var outcomes = await ingest.StoreAsync(points, ct);
            var conflicts = Enumerable.Range(0, outcomes.Length).Where(i => outcomes[i] == PointOutcome.Conflict).ToList();
            if (conflicts.Count > 0)
            {
                await transaction.RollbackAsync(ct);
                var items = conflicts.Take(100).ToDictionary(i => $"points[{i}]", _ => (object?)"A point with this model, metric, timestamp and labels is stored with another value; points are never overwritten.");
                return ApiProblems.Conflict($"{conflicts.Count} point(s) conflict with stored points; nothing was written.", items);
            }
            try
            {
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
            }
            catch (DbUpdateException e) when (DatabaseErrors.IsRace(e))
            {
                // Another batch moved the same series' alert state at the same time: start again from what it stored,
                // twice; a third race in a row is contention the caller resolves by sending the batch again.
                await transaction.RollbackAsync(ct);
                if (attempt < 3)
                {
                    continue;
                }
                return ApiProblems.Conflict("Other batches kept changing the alert state of the same series; nothing was written. Send the batch again.");
            }
            var accepted = outcomes.Count(o => o == PointOutcome.Inserted);
            ingest.Ingested(accepted, PointSource.Pushed);
            return TypedResults.Ok(new PushPointsResponse(accepted, outcomes.Length - accepted));
        }
    }

    private static void ValidatePoint(FieldErrors errors, string field, PointInput? point, DateTimeOffset now)
    {
        if (point is null)
        {
            errors.Add(field, "Required: a point.");
            return;
        }
        if (!MetricNames.IsValid(point.Metric))
        {
            errors.Add($"{field}.metric", MetricNames.Rule);
        }
        // JSON reads 1e400 as infinity and the string "NaN" as NaN: neither is a measurement, and the database refuses NaN.
        if (point.Value is not { } value || !double.IsFinite(value))
        {
            errors.Add($"{field}.value", "Required: a finite number.");
        }
        if (point.Timestamp is not { } at)
        {
            errors.Add($"{field}.timestamp", "Required: an ISO 8601 instant with its offset.");
        }
        else if (at < Earliest || at > now + FutureTolerance)
        {
            errors.Add($"{field}.timestamp", $"Between {Earliest:yyyy-MM-dd} and five minutes from now.");
        }
        ValidateLabels(errors, $"{field}.labels", point.Labels);
    }

    internal static void ValidateLabels(FieldErrors errors, string field, IReadOnlyDictionary<string, string>? labels)
    {
        if (labels is null)
        {
            return;
        }
        if (labels.Count > SeriesLabels.MaxLabels)
        {
            errors.Add(field, $"At most {SeriesLabels.MaxLabels} labels.");
            return;
        }
        foreach (var (key, value) in labels)
        {
            if (!SeriesLabels.IsKey(key))
            {
                errors.Add($"{field}.{key}", $"A label name: a lowercase letter, then lowercase letters, digits or '_', at most {SeriesLabels.MaxKeyLength} characters.");
            }
            else
            {
                errors.Text($"{field}.{key}", value, SeriesLabels.MaxValueLength, required: true, multiline: false);
            }
        }
        // Eight long labels (a ',', '=' or backslash in a value is escaped) can exceed the stored series key, which a database would refuse or cut.
        if (SeriesLabels.Canonical(labels).Length > SeriesLabels.MaxLength)
        {
            errors.Add(field, $"The labels together, as key=value pairs, take at most {SeriesLabels.MaxLength} characters.");
        }
    }

    internal static async Task<Results<Ok<SeriesResponse>, ValidationProblem, ProblemHttpResult>> Series(
        [AsParameters] SeriesQuery query, ClaimsPrincipal caller, MonitoringDbContext db, TimeProvider time, CancellationToken ct)
    {
        var errors = new FieldErrors();
        errors.Text("modelId", query.ModelId, 40, required: true, multiline: false);
        if (!MetricNames.IsValid(query.Metric))
        {
            errors.Add("metric", MetricNames.Rule);
        }
        var to = query.To ?? time.GetUtcNow();
        var from = query.From ?? to.AddDays(-7);
        if (from >= to)
        {
            errors.Add("from", "Before 'to'.");
        }
        var step = query.Step is null ? (TimeSpan?)null : Durations.TryParse(query.Step);
        if (query.Step is not null && step is null)
        {
            errors.Add("step", "A duration such as 30s, 5m, 1h or 1d.");
        }
        else if (step is { } s && (to - from) / s > MaxSeriesBuckets)
        {
            errors.Add("step", $"At most {MaxSeriesBuckets} buckets: make the step larger or the range shorter.");
        }
        var aggregate = (query.Aggregate ?? "avg").ToLowerInvariant();
        if (aggregate is not ("avg" or "min" or "max" or "sum" or "count"))
        {
            errors.Add("aggregate", "One of avg, min, max, sum, count.");
        }
        var filter = ParseLabelFilter(errors, query.Labels);
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        var model = await db.Models.AsNoTracking().FirstOrDefaultAsync(m => m.ModelId == query.ModelId, ct);
        if (model is null || !caller.ReadScope().Includes(model.Org))
        {
            return ApiProblems.NotFound($"Model '{query.ModelId}' is not one Monitoring knows in your orgs.");
        }
        long fromMs = from.ToUnixTimeMilliseconds(), toMs = to.ToUnixTimeMilliseconds();
        var rows = db.Points.AsNoTracking().Where(p => p.ModelId == model.ModelId && p.Metric == query.Metric && p.At >= fromMs && p.At < toMs);
        // The filter narrows the series in the database (a pair is a whole key=value pair of the canonical form), so a
        // model with many series is not listed whole; the comparison below is the exact one (LIKE ignores case).
        var candidates = rows.Select(p => p.Series);
        foreach (var (key, value) in filter)
        {
            var pair = SeriesLabels.Pair(key, value);
            string whole = Like(pair), first = Like(pair) + ",%", middle = "%," + Like(pair) + ",%", last = "%," + Like(pair);
            candidates = candidates.Where(series => EF.Functions.Like(series, whole, LikeEscape) || EF.Functions.Like(series, first, LikeEscape)
                || EF.Functions.Like(series, middle, LikeEscape) || EF.Functions.Like(series, last, LikeEscape));
        }
        var seriesKeys = await candidates.Distinct().OrderBy(k => k).Take(MaxSeriesScanned).ToListAsync(ct);
        var matching = seriesKeys.Select(k => (Key: k, Labels: SeriesLabels.Parse(k)))
            .Where(s => filter.All(f => s.Labels.TryGetValue(f.Key, out var v) && v == f.Value))
            .OrderBy(s => s.Key, StringComparer.Ordinal).Take(MaxSeriesReturned).ToList();
        var result = new List<SeriesData>();
        foreach (var (key, labels) in matching)
        {
            var seriesId = SeriesLabels.IdOf(key);
            var seriesRows = rows.Where(p => p.SeriesId == seriesId);
            List<SeriesPoint> points;
            if (step is { } bucket)
            {
                var stepMs = (long)bucket.TotalMilliseconds;
                // Bucketed in the database: a month of per-second points comes back as a few hundred rows.
                var buckets = await seriesRows.GroupBy(p => (p.At - fromMs) / stepMs)
                    .Select(g => new { Bucket = g.Key, Avg = g.Average(p => p.Value), Min = g.Min(p => p.Value), Max = g.Max(p => p.Value),
                        Sum = g.Sum(p => p.Value), Count = g.Count() })
                    .OrderBy(b => b.Bucket).ToListAsync(ct);
                points = [.. buckets.Select(b => new SeriesPoint(DateTimeOffset.FromUnixTimeMilliseconds(fromMs + (b.Bucket * stepMs)),
                    aggregate switch { "min" => b.Min, "max" => b.Max, "sum" => b.Sum, "count" => b.Count, _ => b.Avg },
                    b.Min, b.Max, b.Count))];
            }
            else
            {
                points = [.. (await seriesRows.OrderBy(p => p.At).Take(MaxSeriesBuckets).Select(p => new { p.At, p.Value }).ToListAsync(ct))
                    .Select(p => new SeriesPoint(DateTimeOffset.FromUnixTimeMilliseconds(p.At), p.Value, p.Value, p.Value, 1))];
            }
            result.Add(new SeriesData(labels, points));
        }
        return TypedResults.Ok(new SeriesResponse(model.ModelId, query.Metric!, from, to, query.Step, aggregate, result));
    }

    private const string LikeEscape = "!";

    /// <summary>Text matched literally by LIKE with <see cref="LikeEscape"/>.</summary>
    private static string Like(string text) => text.Replace("!", "!!", StringComparison.Ordinal)
        .Replace("%", "!%", StringComparison.Ordinal).Replace("_", "!_", StringComparison.Ordinal).Replace("[", "![", StringComparison.Ordinal);

    private static Dictionary<string, string> ParseLabelFilter(FieldErrors errors, string? labels)
    {
        var filter = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(labels))
        {
            return filter;
        }
        foreach (var pair in labels.Split(','))
        {
            var at = pair.IndexOf('=', StringComparison.Ordinal);
            if (at <= 0 || !SeriesLabels.IsKey(pair[..at]))
            {
                errors.Add("labels", "Label filters as name=value pairs separated by commas, e.g. column=income,segment=eu.");
                return filter;
            }
            filter[pair[..at]] = pair[(at + 1)..];
        }
        return filter;
    }
}

/// <summary>Metric names: lowercase identifiers, so they are safe as Prometheus label values and in URLs.</summary>
public static class MetricNames
{
    public const int MaxLength = 100;
    public const string Rule = "A metric name: a lowercase letter, then lowercase letters, digits or '_', at most 100 characters.";

    public static bool IsValid(string? name) =>
        name is { Length: > 0 and <= MaxLength } && char.IsAsciiLetterLower(name[0]) && IsIdentifierTail(name);

    // A loop, not LINQ over the string: it runs for every point of every batch.
    private static bool IsIdentifierTail(string name)
    {
        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_'))
            {
                return false;
            }
        }
        return true;
    }
}

/// <summary>Durations as people write them in a query or a plan: 30s, 5m, 1h, 7d.</summary>
public static class Durations
{
    public static TimeSpan? TryParse(string? text)
    {
        if (string.IsNullOrEmpty(text) || text.Length < 2 || !long.TryParse(text[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n <= 0 || n > 100_000)
        {
            return null;
        }
        return text[^1] switch
        {
            's' => TimeSpan.FromSeconds(n),
            'm' => TimeSpan.FromMinutes(n),
            'h' => TimeSpan.FromHours(n),
            'd' => TimeSpan.FromDays(n),
            _ => null,
        };
    }
}
