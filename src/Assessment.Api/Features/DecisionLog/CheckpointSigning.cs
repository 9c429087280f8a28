using Microsoft.EntityFrameworkCore;
using ModelRisk.Assessment.Data;
using ModelRisk.Assessment.Models.Log;
using ModelRisk.Contracts.Assessment.V1;
using ModelRisk.Messaging;
using ModelRisk.ServiceKit.Data;

namespace ModelRisk.Assessment.Features.DecisionLog;

/// <summary>
/// Signs the head of every org's log that moved since its last checkpoint and publishes the checkpoint. Safe with
/// several replicas: a checkpoint's key is (org, sequence), so a second replica signing the same head is refused.
/// </summary>
public sealed class CheckpointSigning(AssessmentDbContext db, DecisionLogKeys keys, TimeProvider time, ILogger<CheckpointSigning> logger)
{
    /// <summary>Signs the orgs whose log moved (or just <paramref name="org"/>); returns the checkpoints written.</summary>
    public async Task<IReadOnlyList<DecisionLogCheckpoint>> SignMovedHeadsAsync(string? org, CancellationToken ct)
    {
        var heads = await db.DecisionLog.AsNoTracking()
            .Where(e => org == null || e.Org == org)
            .GroupBy(e => e.Org)
            .Select(g => g.OrderByDescending(e => e.Sequence).First())
            .ToListAsync(ct);
        var signed = new List<DecisionLogCheckpoint>();
        foreach (var head in heads)
        {
            var last = await db.DecisionLogCheckpoints.AsNoTracking().Where(c => c.Org == head.Org).MaxAsync(c => (long?)c.Sequence, ct) ?? 0;
            if (last >= head.Sequence)
            {
                continue;
            }
            var checkpoint = keys.Signer.Sign(head.Org, head.Sequence, head.Hash, time.GetUtcNow());
            var row = new DecisionLogCheckpoint
            {
                Org = checkpoint.Org, Sequence = checkpoint.Sequence, HeadHash = checkpoint.HeadHash, SignedAt = checkpoint.SignedAt,
                KeyId = checkpoint.KeyId, Signature = checkpoint.Signature,
            };
            db.DecisionLogCheckpoints.Add(row);
            db.AddOutboxEvent(new DecisionLogCheckpointSigned(row.Org, row.Sequence, row.HeadHash, row.KeyId, row.Signature, row.SignedAt));
            try
            {
                await db.SaveChangesAsync(ct);
                signed.Add(row);
            }
            catch (DbUpdateException e) when (DatabaseErrors.IsUniqueViolation(e))
            {
                logger.LogInformation("Another replica signed {Org} at {Sequence} first", head.Org, head.Sequence);
                db.ChangeTracker.Clear();
            }
        }
        return signed;
    }
}
