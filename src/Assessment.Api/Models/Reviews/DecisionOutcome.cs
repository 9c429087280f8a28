namespace ModelRisk.Assessment.Models.Reviews;

public enum DecisionOutcome
{
    Approve,
    ApproveWithConditions,
    Hold,
    Reject,
}
