using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ModelRisk.ServiceDefaults;
using ModelRisk.ServiceKit.Domain;

namespace ModelRisk.ServiceKit.Http;

/// <summary>Loading an aggregate for an edit and saving the edit, with the same 404, 428, 412 and 409 answers everywhere.</summary>
public static class Editing
{
    /// <summary>
    /// The aggregate, if the caller may see it (<paramref name="visible"/> is already scoped; else 404 with
    /// <paramref name="notFound"/>) and their If-Match is current (else 428 without one, 412 with the current ETag).
    /// </summary>
    public static async Task<(T? Aggregate, ProblemHttpResult? Problem)> LoadForEditAsync<T>(
        IQueryable<T> visible, string id, HttpRequest request, string notFound, CancellationToken ct)
        where T : Aggregate
    {
        var aggregate = await visible.FirstOrDefaultAsync(a => a.Id == id, ct);
        if (aggregate is null)
        {
            return (null, ApiProblems.NotFound(notFound));
        }
        return ETags.CheckIfMatch(request, aggregate.Revision) is { } precondition ? (null, precondition) : (aggregate, null);
    }

    /// <summary>
    /// Saves the change and its staged events together. A concurrent edit is 412 when the caller sent If-Match (with
    /// the current ETag when it can be read) and 409 otherwise; a uniqueness race is 409. Every other database error
    /// propagates: it is a fault to log and answer 500, never a conflict a client should retry.
    /// </summary>
    public static async Task<ProblemHttpResult?> SaveAsync(DbContext db, CancellationToken ct, bool preconditionSent = true)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return null;
        }
        catch (DbUpdateConcurrencyException e) when (preconditionSent)
        {
            var current = await CurrentRevisionAsync(e, ct);
            return current is null
                ? ApiProblems.NotFound("It was removed while you edited it.")
                : ApiProblems.PreconditionFailed(ETags.For(current.Value));
        }
        catch (DbUpdateConcurrencyException)
        {
            return ApiProblems.Conflict("Someone else changed it at the same time; nothing was saved, send the request again.");
        }
        catch (DbUpdateException e) when (Data.DatabaseErrors.IsUniqueViolation(e))
        {
            return ApiProblems.Conflict("Something with the same unique key was created at the same time; nothing was saved.");
        }
    }

    private static async Task<long?> CurrentRevisionAsync(DbUpdateConcurrencyException e, CancellationToken ct)
    {
        var entry = e.Entries.FirstOrDefault(x => x.Entity is Aggregate);
        if (entry is null)
        {
            return null;
        }
        var values = await entry.GetDatabaseValuesAsync(ct);
        return values?.GetValue<long>(nameof(Aggregate.Revision));
    }
}
