namespace ModelRisk.Assessment.Models.Reviews;

/// <summary>A stored signature: the approver, the roles they held when signing, and when.</summary>
public sealed record DecisionSignature(string Approver, List<string> Roles, DateTimeOffset SignedAt)
{
    public Signature ToSignature() => new(Approver, Roles, SignedAt);
}
