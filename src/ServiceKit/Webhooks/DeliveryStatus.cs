namespace ModelRisk.ServiceKit.Webhooks;

public enum DeliveryStatus
{
    Pending,
    Delivered,
    Failed,
}
