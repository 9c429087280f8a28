namespace ModelRisk.Assessment.Models.Reviews;

/// <summary>
/// A decision as proposed by its first approver and signed by the others. It is taken (<see cref="DecidedAt"/>) when
/// the signatures meet the tier's quorum; until then it is a proposal.
/// </summary>
public sealed class Decision
{
    public DecisionOutcome Outcome { get; init; }
    public string Rationale { get; init; } = "";
    public string ProposedBy { get; init; } = "";
    public DateTimeOffset ProposedAt { get; init; }
    public List<DecisionSignature> Signatures { get; init; } = [];
    public List<ConditionOfApproval> Conditions { get; init; } = [];
    public List<RiskAcceptance> RiskAcceptances { get; init; } = [];
    public DateTimeOffset? DecidedAt { get; set; }

    /// <summary>The version the decision covers: fixed when the decision is proposed.</summary>
    public string ModelVersionId { get; init; } = "";

    public bool Approves => Outcome is DecisionOutcome.Approve or DecisionOutcome.ApproveWithConditions;
}
