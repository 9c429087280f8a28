namespace ModelRisk.Monitoring.Models.Logs;

public enum LogKind
{
    Predictions,
    Labels,
}
