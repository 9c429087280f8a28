namespace ModelRisk.Monitoring.Features.Points;

/// <summary>A batch of metric points of one model, pushed by its pipeline. Idempotent per (model, metric, timestamp, labels).</summary>
public sealed record PushPointsRequest(string? ModelId, List<PointInput>? Points);

/// <summary>One point. <c>labels</c> name its series (at most 8; the label <c>column</c> names a feature).</summary>
public sealed record PointInput(string? Metric, double? Value, DateTimeOffset? Timestamp, Dictionary<string, string>? Labels);

/// <summary>What a batch did: points stored, and points already stored with the same value (a resend).</summary>
public sealed record PushPointsResponse(int Accepted, int Duplicates);

/// <summary>A series query. <c>labels</c> filters series as <c>key=value</c> pairs separated by commas; <c>step</c> downsamples.</summary>
public sealed record SeriesQuery(string? ModelId, string? Metric, string? Labels, DateTimeOffset? From, DateTimeOffset? To, string? Step, string? Aggregate);

public sealed record SeriesResponse(string ModelId, string Metric, DateTimeOffset From, DateTimeOffset To, string? Step, string Aggregate, List<SeriesData> Series);

public sealed record SeriesData(Dictionary<string, string> Labels, List<SeriesPoint> Points);

/// <summary>One point, or one bucket of a downsampled series: its start, the aggregate, and min, max and count of the raw points.</summary>
public sealed record SeriesPoint(DateTimeOffset Timestamp, double Value, double Min, double Max, int Count);
