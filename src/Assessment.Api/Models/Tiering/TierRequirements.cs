namespace ModelRisk.Assessment.Models.Tiering;

/// <param name="IntakeEvidence">Evidence kinds a review's intake must reference (with a SHA-256) before it is accepted.</param>
/// <param name="GenAiEvidence">Further evidence kinds when the model has any GenAI exposure.</param>
/// <param name="ValidationPlan">The validation engine's plan for the tier (<c>low</c>, <c>medium</c>, <c>high</c>, <c>critical</c>).</param>
/// <param name="Approvals">How many distinct approvers sign, and which roles count toward the quorum.</param>
/// <param name="RenewalMonths">Months from a decision until periodic revalidation is due.</param>
public sealed record TierRequirements(
    IReadOnlyList<string> IntakeEvidence,
    IReadOnlyList<string> GenAiEvidence,
    string ValidationPlan,
    ApprovalQuorum Approvals,
    int RenewalMonths,
    bool MonitoringMandatory);
