namespace ModelRisk.Monitoring.Models.Evaluations;

public enum EvaluationState
{
    Queued,
    Completed,
    Failed,
}
