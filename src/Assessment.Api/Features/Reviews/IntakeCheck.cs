using ModelRisk.Assessment.Models.Mra;
using ModelRisk.Assessment.Models.Reviews;
using ModelRisk.Assessment.Models.Tiering;

namespace ModelRisk.Assessment.Features.Reviews;

/// <summary>The intake checklist of a review: each item the tier requires and whether it is met.</summary>
public sealed record IntakeCheck(bool Complete, IReadOnlyList<IntakeItem> Items);
