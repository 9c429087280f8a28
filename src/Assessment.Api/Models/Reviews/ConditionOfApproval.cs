namespace ModelRisk.Assessment.Models.Reviews;

/// <summary>A condition an approval carries: who must meet it, by when, and how meeting it is verified.</summary>
public sealed record ConditionOfApproval(string Id, string Description, string Owner, DateOnly DueDate, List<string> VerificationSteps);
