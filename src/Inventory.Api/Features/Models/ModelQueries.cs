using Microsoft.EntityFrameworkCore;
using ModelRisk.Inventory.Models;
using ModelRisk.ServiceKit.Http;
using ModelRisk.ServiceKit.Paging;

namespace ModelRisk.Inventory.Features.Models;

/// <summary>Filtering the model list; org scoping and keyset pages come from the service template.</summary>
public static class ModelQueries
{
    /// <summary>The kind a model-list cursor carries (<c>m:{id}</c>, as before the template, so issued cursors keep working).</summary>
    public const string CursorKind = "m";

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

    /// <summary>The field errors of a filter and its paging (limit and cursor null: an export, which is not paged).</summary>
    public static Dictionary<string, string[]> Validate(ModelFilter filter, int? limit, string? cursor)
    {
        var errors = new FieldErrors();
        errors.ValidatePaging(limit, cursor, CursorKind);
        errors.Defined("tier", filter.Tier);
        errors.Defined("status", filter.Status);
        if (filter.Org is not null && !FieldErrors.IsSlug(filter.Org))
        {
            errors.Add("org", "An org slug.");
        }
        errors.Text("q", filter.Q, 200);
        errors.Text("owner", filter.Owner, 200);
        errors.Text("tag", filter.Tag, 50);
        return errors.Result;
    }

    /// <summary>One page of models, ordered by id.</summary>
    public static Task<Page<ModelRecord>> PageAsync(this IQueryable<ModelRecord> models, int? limit, string? cursor, CancellationToken ct) =>
        models.PageAsync(limit, cursor, CursorKind, ct);

    private static string EscapeLike(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
