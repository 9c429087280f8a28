namespace ModelRisk.Findings.Models.Webhooks;

public enum DeliveryStatus
{
    Pending,
    Delivered,
    Failed,
}
