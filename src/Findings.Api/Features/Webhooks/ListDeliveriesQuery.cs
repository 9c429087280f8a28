using ModelRisk.ServiceKit.Webhooks;

namespace ModelRisk.Findings.Features.Webhooks;

public sealed record ListDeliveriesQuery(string? Org, string? SubjectId, DeliveryStatus? Status, int? Limit, string? Cursor);
