using ModelRisk.Assessment.Models.Mra;
using ModelRisk.Assessment.Models.Reviews;
using ModelRisk.Assessment.Models.Tiering;

namespace ModelRisk.Assessment.Features.Reviews;

public sealed record IntakeItem(string Item, bool Met, string Detail);
