namespace ModelRisk.Monitoring.Models.Alerts;

public enum AlertState
{
    Firing,
    Resolved,
}
