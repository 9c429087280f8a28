using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ModelRisk.Assessment.Data;
using ModelRisk.Assessment.Models.Reviews;

namespace ModelRisk.Assessment.Features.Renewals;

/// <summary>
/// Opens a periodic-revalidation review (and emits <c>RevalidationDue</c>) for every approval whose renewal date is
/// within the lead time. Safe with several replicas: the decided review's revision is the concurrency token, so
/// when two replicas open the same revalidation, one save wins and the other writes nothing.
/// </summary>
public sealed class RenewalSchedule(AssessmentDbContext db, TimeProvider time, IOptions<RenewalOptions> options, ILogger<RenewalSchedule> logger)
{
    public async Task<int> OpenDueRevalidationsAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var dueBy = DateOnly.FromDateTime(now.UtcDateTime).AddDays(options.Value.LeadDays);
        var due = await db.Reviews
            .Where(r => r.RenewalDue != null && r.RenewalDue <= dueBy && r.RevalidationReviewId == null
                && (r.State == ReviewState.Decided || r.State == ReviewState.Closed))
            .OrderBy(r => r.RenewalDue).Take(100).Select(r => r.Id).ToListAsync(ct);
        var opened = 0;
        foreach (var id in due)
        {
            db.ChangeTracker.Clear();
            var review = await db.Reviews.FirstAsync(r => r.Id == id, ct);
            if (review.OpenRevalidation(dueBy, now) is not { } revalidation)
            {
                continue;
            }
            db.Reviews.Add(revalidation);
            try
            {
                await db.SaveChangesAsync(ct);
                opened++;
            }
            catch (DbUpdateConcurrencyException)
            {
                logger.LogInformation("Another replica opened the revalidation of review {ReviewId}", id);
            }
        }
        return opened;
    }
}
