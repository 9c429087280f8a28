using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using ModelRisk.ServiceKit.Domain;
using ModelRisk.ServiceKit.Http;

namespace ModelRisk.ServiceKit.Paging;

/// <summary>
/// Keyset paging on the aggregate id, which is time-ordered: stable while rows are inserted, no offset scans.
/// Cursors are opaque and carry the kind of list they belong to, so one list's cursor is refused by another.
/// </summary>
public static class KeysetPaging
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    public static void ValidatePaging(this FieldErrors errors, int? limit, string? cursor, string kind)
    {
        if (limit is < 1 or > MaxLimit)
        {
            errors.Add("limit", $"Between 1 and {MaxLimit}.");
        }
        if (cursor is not null && DecodeCursor(cursor, kind) is null)
        {
            errors.Add("cursor", "Not a cursor this API issued for this list; pass nextCursor from the previous page.");
        }
    }

    public static async Task<Page<T>> PageAsync<T>(this IQueryable<T> query, int? limit, string? cursor, string kind, CancellationToken ct)
        where T : Aggregate
    {
        var take = limit ?? DefaultLimit;
        if (cursor is not null && DecodeCursor(cursor, kind) is { } after)
        {
            query = query.Where(e => string.Compare(e.Id, after) > 0);
        }
        var items = await query.OrderBy(e => e.Id).Take(take + 1).AsNoTracking().ToListAsync(ct);
        var next = items.Count > take ? EncodeCursor(items[take - 1].Id, kind) : null;
        return new Page<T>(items.Take(take).ToList(), next);
    }

    public static string EncodeCursor(string id, string kind) => WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes($"{kind}:{id}"));

    public static string? DecodeCursor(string cursor, string kind)
    {
        if (cursor.Length > 200)
        {
            return null;
        }
        try
        {
            var decoded = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(cursor));
            var prefix = kind + ":";
            return decoded.StartsWith(prefix, StringComparison.Ordinal) && decoded.Length > prefix.Length && decoded.Length <= prefix.Length + 40
                ? decoded[prefix.Length..] : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
