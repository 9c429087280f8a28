using System.Text.Json;

namespace ModelRisk.Monitoring.Features.Logs;

/// <summary>
/// A batch of scored rows of one model. <c>batchId</c> is the pipeline's idempotency key: the same batch sent again
/// changes nothing; another batch under the same id is refused.
/// </summary>
public sealed record PushPredictionsRequest(string? ModelId, string? BatchId, List<PredictionInput>? Rows);

/// <summary>One scored row: its id (labels join on it), when it was scored, the score in [0, 1], an optional group and the features (numbers, strings or null).</summary>
public sealed record PredictionInput(string? PredictionId, DateTimeOffset? Timestamp, double? Score, string? Group, Dictionary<string, JsonElement>? Features);

/// <summary>Outcomes of earlier predictions, arriving late and in any order; a later label of the same prediction wins.</summary>
public sealed record PushLabelsRequest(string? ModelId, string? BatchId, List<LabelInput>? Labels);

public sealed record LabelInput(string? PredictionId, int? Label, DateTimeOffset? ObservedAt);

/// <summary>What a batch did: rows stored in how many daily objects, or nothing because the same batch was stored before.</summary>
public sealed record LogBatchResponse(string BatchId, int Rows, int Objects, bool Duplicate);
