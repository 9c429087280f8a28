using MassTransit;
using Microsoft.EntityFrameworkCore;
using ModelRisk.Contracts.Assessment.V1;
using ModelRisk.Inventory.Data;
using ModelRisk.Messaging;
using ModelRisk.ServiceKit.Http;

namespace ModelRisk.Inventory.Features.FromAssessment;

/// <summary>
/// A review's decision, once per message: Approve and ApproveWithConditions approve the version the review covered,
/// Reject sends a model in validation back to development, Hold leaves it where it is (ADR 051). A decision the
/// model's state does not allow is logged with the reason and acknowledged, never retried forever.
/// </summary>
public sealed partial class ReviewDecidedConsumer(InventoryDbContext inventory, ILogger<ReviewDecidedConsumer> logger)
    : IdempotentConsumer<ReviewDecided, InventoryDbContext>(inventory)
{
    protected override async Task HandleAsync(ConsumeContext<ReviewDecided> context, InventoryDbContext db, CancellationToken cancellationToken)
    {
        var decided = context.Message;
        var model = await db.Models.Include(m => m.Versions).FirstOrDefaultAsync(m => m.Id == decided.ModelId && m.Org == decided.Org, cancellationToken);
        if (model is null)
        {
            LogNotApplied(logger, decided.ReviewId, decided.Outcome, decided.ModelId, "Inventory has no such model in that org.");
            return;
        }
        var refusal = decided.Outcome switch
        {
            "Approve" or "ApproveWithConditions" => model.Approve(decided.ModelVersionId, decided.ReviewId, decided.Outcome, decided.Actor, decided.OccurredAt),
            "Reject" => model.Reject(decided.ReviewId, decided.Rationale, decided.Actor, decided.OccurredAt),
            "Hold" => null,
            _ => Refusal.Invalid("outcome", $"'{decided.Outcome}' is not an outcome Inventory knows."),
        };
        if (refusal is not null)
        {
            LogNotApplied(logger, decided.ReviewId, decided.Outcome, decided.ModelId, refusal.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Review {ReviewId} ({Outcome}) of model {ModelId} was acknowledged without effect: {Reason}")]
    private static partial void LogNotApplied(ILogger logger, string reviewId, string outcome, string modelId, string reason);
}
