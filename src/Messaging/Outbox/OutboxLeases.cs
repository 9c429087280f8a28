using Microsoft.EntityFrameworkCore;

namespace ModelRisk.Messaging.Outbox;

/// <summary>
/// The dispatch lease: one row per service, taken and renewed with a single conditional UPDATE
/// (holder = me or expired), so two replicas can never both hold it: the database serialises the two updates
/// and the second one no longer matches its WHERE clause. Expiry is set and judged on the database's clock, never a
/// replica's: a replica whose clock runs ahead would otherwise see a live lease as expired and dispatch beside its holder.
/// </summary>
public static class OutboxLeases
{
    public const string DefaultName = "outbox-dispatcher";

    /// <summary>Takes or renews the lease for <paramref name="holder"/> until the database's now + <paramref name="duration"/>.</summary>
    public static async Task<bool> TryAcquireAsync(DbContext db, string name, string holder, TimeSpan duration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (await TryTakeAsync(db, name, holder, duration, cancellationToken))
        {
            return true;
        }
        if (await db.Set<OutboxLease>().AnyAsync(l => l.Name == name, cancellationToken))
        {
            return false;
        }
        // The first round of a new service: make the row, then race for it like everyone else.
        await CreateUnheldAsync(db, name, cancellationToken);
        return await TryTakeAsync(db, name, holder, duration, cancellationToken);
    }

    // DateTime.UtcNow inside the query is translated to the database's own clock (GETUTCDATE(), SQLite's 'now'),
    // not evaluated here: every replica compares against the same clock.
    static async Task<bool> TryTakeAsync(DbContext db, string name, string holder, TimeSpan duration, CancellationToken cancellationToken)
    {
        var milliseconds = duration.TotalMilliseconds;
        return await db.Set<OutboxLease>()
            .Where(l => l.Name == name && (l.Holder == holder || l.Holder == null || l.ExpiresAt < DateTime.UtcNow))
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Holder, holder).SetProperty(l => l.ExpiresAt, l => DateTime.UtcNow.AddMilliseconds(milliseconds)), cancellationToken) == 1;
    }

    /// <summary>Gives the lease up (on shutdown) so another replica takes over at once instead of after expiry.</summary>
    public static Task<int> ReleaseAsync(DbContext db, string name, string holder, CancellationToken cancellationToken) =>
        db.Set<OutboxLease>()
            .Where(l => l.Name == name && l.Holder == holder)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Holder, (string?)null), cancellationToken);

    static async Task CreateUnheldAsync(DbContext db, string name, CancellationToken cancellationToken)
    {
        var row = new OutboxLease { Name = name, Holder = null, ExpiresAt = DateTime.MinValue };
        db.Set<OutboxLease>().Add(row);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another replica created it first; the conditional update decides who holds it.
        }
        finally
        {
            db.Entry(row).State = EntityState.Detached;
        }
    }
}

/// <summary>Delay before the next attempt after <c>attempts</c> failed publishes: doubling from a base, capped.</summary>
public static class OutboxBackoff
{
    public static TimeSpan Delay(int attempts, TimeSpan baseDelay, TimeSpan maxDelay)
    {
        if (attempts <= 0)
        {
            return TimeSpan.Zero;
        }
        var exponent = Math.Min(attempts - 1, 30);
        var ticks = baseDelay.Ticks * Math.Pow(2, exponent);
        return ticks >= maxDelay.Ticks ? maxDelay : TimeSpan.FromTicks((long)ticks);
    }
}
