using ModelRisk.Monitoring.Models.Plans;

namespace ModelRisk.Monitoring.Features.Plans;

public sealed record PlanResponse(
    string Id,
    string Org,
    string ModelId,
    string? ModelVersionId,
    string Name,
    PlanStatus Status,
    IReadOnlyList<PlanMetric> Metrics,
    string Window,
    string Schedule,
    string? ReferenceDatasetId,
    string? GroupColumn,
    IReadOnlyList<string> AlertRoutes,
    string? RunbookUrl,
    string? DashboardUrl,
    RetrainingTrigger? Retraining,
    int ConsecutiveBreaches,
    bool Complete,
    IReadOnlyList<string> Missing,
    DateTimeOffset ScheduledThrough,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    string UpdatedBy,
    DateTimeOffset UpdatedAt,
    long Revision)
{
    public static PlanResponse From(MonitoringPlan p) => new(p.Id, p.Org, p.ModelId, p.ModelVersionId, p.Name, p.Status, p.Metrics,
        PlanValidation.FormatDuration(p.Window), p.Schedule, p.ReferenceDatasetId, p.GroupColumn, p.AlertRoutes, p.RunbookUrl, p.DashboardUrl,
        p.Retraining, p.ConsecutiveBreaches, p.IsComplete, PlanValidation.MissingForCompleteness(p), p.ScheduledThrough, p.CreatedBy, p.CreatedAt,
        p.UpdatedBy, p.UpdatedAt, p.Revision);
}
