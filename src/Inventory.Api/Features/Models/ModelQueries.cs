using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.WebUtilities;
using ModelRisk.Inventory.Models;
using ModelRisk.ServiceDefaults.Identity;

namespace ModelRisk.Inventory.Features.Models;

/// <summary>Filters for listing and exporting models; every field optional.</summary>
public sealed record ModelFilter(string? Org, RiskTier? Tier, LifecycleStatus? Status, string? Owner, string? Tag, string? Q);

public static class ModelQueries
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    /// <summary>Models the caller may see: their orgs, or every org for cross-org roles. Every read starts here.</summary>
    public static IQueryable<ModelRecord> VisibleTo(this IQueryable<ModelRecord> models, ReadScope scope) => models.Within(scope);

    /// <summary>Models the caller may change with one operation. Every write of an existing model starts here.</summary>
    public static IQueryable<ModelRecord> WritableIn(this IQueryable<ModelRecord> models, WriteScope scope) => models.Within(scope);

    private static IQueryable<ModelRecord> Within(this IQueryable<ModelRecord> models, OrgScope scope)
    {
        if (scope.AllOrgs)
        {
            return models;
        }
        var orgs = scope.Orgs.ToArray();
        return models.Where(m => orgs.Contains(m.Org));
    }

    public static IQueryable<ModelRecord> Matching(this IQueryable<ModelRecord> models, ModelFilter filter)
    {
        if (!string.IsNullOrEmpty(filter.Org))
        {
            models = models.Where(m => m.Org == filter.Org);
        }
        if (filter.Tier is { } tier)
        {
            models = models.Where(m => m.RiskTier == tier);
        }
        if (filter.Status is { } status)
        {
            models = models.Where(m => m.LifecycleStatus == status);
        }
        if (!string.IsNullOrEmpty(filter.Owner))
        {
            models = models.Where(m => m.Owner == filter.Owner);
        }
        if (!string.IsNullOrEmpty(filter.Tag))
        {
            var tag = filter.Tag.ToLowerInvariant();
            models = models.Where(m => m.Tags.Contains(tag));
        }
        if (!string.IsNullOrWhiteSpace(filter.Q))
        {
            var pattern = "%" + EscapeLike(filter.Q.Trim()) + "%";
            models = models.Where(m => EF.Functions.Like(m.Name, pattern, "\\") || EF.Functions.Like(m.Key, pattern, "\\")
                || (m.Description != null && EF.Functions.Like(m.Description, pattern, "\\")));
        }
        return models;
    }

    public static Dictionary<string, string[]> Validate(ModelFilter filter, int? limit, string? cursor)
    {
        var errors = new Dictionary<string, string[]>();
        if (limit is < 1 or > MaxLimit)
        {
            errors["limit"] = [$"Between 1 and {MaxLimit}."];
        }
        if (cursor is not null && DecodeCursor(cursor) is null)
        {
            errors["cursor"] = ["Not a cursor this API issued; pass nextCursor from the previous page."];
        }
        if (filter.Tier is { } tier && !Enum.IsDefined(tier))
        {
            errors["tier"] = [$"One of {string.Join(", ", Enum.GetNames<RiskTier>())}."];
        }
        if (filter.Status is { } status && !Enum.IsDefined(status))
        {
            errors["status"] = [$"One of {string.Join(", ", Enum.GetNames<LifecycleStatus>())}."];
        }
        if (filter.Org is not null && !ModelValidation.IsSlug(filter.Org))
        {
            errors["org"] = ["An org slug."];
        }
        if (filter.Q is { Length: > 200 })
        {
            errors["q"] = ["At most 200 characters."];
        }
        if (filter.Owner is { Length: > 200 })
        {
            errors["owner"] = ["At most 200 characters."];
        }
        if (filter.Tag is { Length: > 50 })
        {
            errors["tag"] = ["At most 50 characters."];
        }
        return errors;
    }

    /// <summary>Keyset paging on the id, which is time-ordered: stable under inserts, no offset scans.</summary>
    public static async Task<Page<ModelRecord>> PageAsync(this IQueryable<ModelRecord> models, int? limit, string? cursor, CancellationToken ct)
    {
        var take = limit ?? DefaultLimit;
        if (cursor is not null && DecodeCursor(cursor) is { } after)
        {
            models = models.Where(m => string.Compare(m.Id, after) > 0);
        }
        var items = await models.OrderBy(m => m.Id).Take(take + 1).AsNoTracking().ToListAsync(ct);
        var next = items.Count > take ? EncodeCursor(items[take - 1].Id) : null;
        return new Page<ModelRecord>(items.Take(take).ToList(), next);
    }

    public static string EncodeCursor(string id) => WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes("m:" + id));

    public static string? DecodeCursor(string cursor)
    {
        try
        {
            var decoded = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(cursor));
            return decoded.StartsWith("m:", StringComparison.Ordinal) && decoded.Length is > 2 and <= 42 ? decoded[2..] : null;
        }
        catch (FormatException)
        {
            return null;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static string EscapeLike(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
