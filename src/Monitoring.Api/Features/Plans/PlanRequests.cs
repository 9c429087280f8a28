using ModelRisk.Monitoring.Models.Plans;

namespace ModelRisk.Monitoring.Features.Plans;

/// <summary>A new monitoring plan for a model (and optionally one of its versions).</summary>
public sealed record CreatePlanRequest(
    string? ModelId,
    string? ModelVersionId,
    string? Name,
    List<PlanMetricInput>? Metrics,
    string? Window,
    string? Schedule,
    string? ReferenceDatasetId,
    string? GroupColumn,
    List<string>? AlertRoutes,
    string? RunbookUrl,
    string? DashboardUrl,
    RetrainingInput? Retraining,
    int? ConsecutiveBreaches);

/// <summary>A plan's definition replaced whole (If-Match required); the model cannot change.</summary>
public sealed record UpdatePlanRequest(
    string? ModelVersionId,
    string? Name,
    List<PlanMetricInput>? Metrics,
    string? Window,
    string? Schedule,
    string? ReferenceDatasetId,
    string? GroupColumn,
    List<string>? AlertRoutes,
    string? RunbookUrl,
    string? DashboardUrl,
    RetrainingInput? Retraining,
    int? ConsecutiveBreaches)
{
    public CreatePlanRequest WithModel(string modelId) => new(modelId, ModelVersionId, Name, Metrics, Window, Schedule, ReferenceDatasetId, GroupColumn,
        AlertRoutes, RunbookUrl, DashboardUrl, Retraining, ConsecutiveBreaches);
}

/// <summary>
/// A metric to watch. <c>kind</c> is implied for the metrics the workers compute (see the catalogue); a metric the
/// pipeline pushes is Operational or Custom. <c>direction</c> defaults to Below for roc_auc and accuracy, Above otherwise.
/// </summary>
public sealed record PlanMetricInput(
    string? Metric,
    string? Column,
    MetricKind? Kind,
    ThresholdDirection? Direction,
    double? Warning,
    double? Critical,
    double? Min,
    double? Max);

/// <summary>Call <c>webhookUrl</c> when an alert of at least <c>onSeverity</c> fires on one of <c>metrics</c> (all when empty).</summary>
public sealed record RetrainingInput(AlertLevel? OnSeverity, List<string>? Metrics, string? WebhookUrl);

public sealed record ListPlansQuery(string? ModelId, PlanStatus? Status, int? Limit, string? Cursor);
