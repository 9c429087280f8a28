namespace ModelRisk.Assessment.Models.Reviews;

/// <summary>An approver's sign-off on a proposed decision, with the roles the approver held when signing.</summary>
public sealed record Signature(string Approver, IReadOnlyCollection<string> Roles, DateTimeOffset SignedAt);
