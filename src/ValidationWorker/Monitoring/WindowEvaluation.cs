using ModelRisk.Contracts.Monitoring.V1;

namespace ModelRisk.ValidationWorker.Monitoring;

/// <summary>What a monitoring window computed: its rows, the labelled ones, their time span and one value per requested metric, in request order.</summary>
public sealed record WindowEvaluation(
    long Rows,
    long LabelledRows,
    DateTimeOffset? FirstPredictionAt,
    DateTimeOffset? LastPredictionAt,
    IReadOnlyList<WindowMetricValue> Values);
