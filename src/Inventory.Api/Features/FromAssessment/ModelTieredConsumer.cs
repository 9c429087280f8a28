using MassTransit;
using Microsoft.EntityFrameworkCore;
using ModelRisk.Contracts.Assessment.V1;
using ModelRisk.Inventory.Data;
using ModelRisk.Inventory.Models;
using ModelRisk.Messaging;

namespace ModelRisk.Inventory.Features.FromAssessment;

/// <summary>
/// Applies the tier Assessment decided to the model (raising RiskTierChanged through the aggregate), once per message.
/// A message Inventory cannot apply (an unknown model, a tier it does not know, a retired model) is logged and
/// acknowledged: redelivering it would never change the answer.
/// </summary>
public sealed partial class ModelTieredConsumer(InventoryDbContext inventory, ILogger<ModelTieredConsumer> logger)
    : IdempotentConsumer<ModelTiered, InventoryDbContext>(inventory)
{
    protected override async Task HandleAsync(ConsumeContext<ModelTiered> context, InventoryDbContext db, CancellationToken cancellationToken)
    {
        var tiered = context.Message;
        var model = await db.Models.FirstOrDefaultAsync(m => m.Id == tiered.ModelId && m.Org == tiered.Org, cancellationToken);
        if (model is null)
        {
            LogNotApplied(logger, tiered.TieringId, tiered.ModelId, tiered.Org, "Inventory has no such model in that org.");
            return;
        }
        // By name only: Enum.Parse would also take "3", and Unassigned is no decision.
        if (tiered.Tier == nameof(RiskTier.Unassigned) || !Enum.GetNames<RiskTier>().Contains(tiered.Tier, StringComparer.Ordinal))
        {
            LogNotApplied(logger, tiered.TieringId, tiered.ModelId, tiered.Org, $"'{tiered.Tier}' is not a tier Inventory knows.");
            return;
        }
        var tier = Enum.Parse<RiskTier>(tiered.Tier);
        // The tier is Assessment's decision and must land; a rationale longer than the column is cut, not a save that fails on every redelivery.
        var rationale = tiered.Rationale.Length <= ModelRecord.RationaleMaxLength
            ? tiered.Rationale
            : tiered.Rationale[..(ModelRecord.RationaleMaxLength - 1)] + "…";
        if (model.AssignRiskTier(tier, rationale, tiered.Actor, tiered.OccurredAt) is { } refusal)
        {
            LogNotApplied(logger, tiered.TieringId, tiered.ModelId, tiered.Org, refusal.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Tiering {TieringId} of model {ModelId} ({Org}) was acknowledged without effect: {Reason}")]
    private static partial void LogNotApplied(ILogger logger, string tieringId, string modelId, string org, string reason);
}
