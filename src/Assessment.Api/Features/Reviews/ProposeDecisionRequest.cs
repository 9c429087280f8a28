using ModelRisk.Assessment.Models.Mra;
using ModelRisk.Assessment.Models.Reviews;
using ModelRisk.Assessment.Models.Tiering;

namespace ModelRisk.Assessment.Features.Reviews;

public sealed record ProposeDecisionRequest(DecisionOutcome? Outcome, string? Rationale, List<ConditionInput>? Conditions, List<RiskAcceptanceInput>? RiskAcceptances);
