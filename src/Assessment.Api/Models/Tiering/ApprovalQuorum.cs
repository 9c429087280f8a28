namespace ModelRisk.Assessment.Models.Tiering;

public sealed record ApprovalQuorum(int Count, IReadOnlyList<string> Roles);
