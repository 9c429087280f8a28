using ModelRisk.Findings.Models.Findings;
using ModelRisk.ServiceKit.Http;
using ModelRisk.ServiceKit.Paging;

namespace ModelRisk.Findings.Features.Findings;

/// <summary>Filtering the finding list and export; org scoping and keyset pages come from the service template.</summary>
public static class FindingQueries
{
    public const string CursorKind = "f";

    public static IQueryable<Finding> Matching(this IQueryable<Finding> findings, FindingFilter filter, DateTimeOffset now)
    {
        if (filter.Org is not null)
        {
            findings = findings.Where(f => f.Org == filter.Org);
        }
        if (filter.ModelId is not null)
        {
            findings = findings.Where(f => f.ModelId == filter.ModelId);
        }
        if (filter.Severity is { } severity)
        {
            findings = findings.Where(f => f.Severity == severity);
        }
        if (filter.State is { } state)
        {
            findings = findings.Where(f => f.State == state);
        }
        if (filter.Owner is not null)
        {
            findings = findings.Where(f => f.Owner == filter.Owner);
        }
        if (filter.Source is { } source)
        {
            findings = findings.Where(f => f.Source == source);
        }
        if (filter.Overdue is { } overdue)
        {
            var active = FindingLifecycle.Active.ToArray();
            findings = overdue
                ? findings.Where(f => active.Contains(f.State) && f.DueAt <= now)
                : findings.Where(f => !active.Contains(f.State) || f.DueAt > now);
        }
        return findings;
    }

    /// <summary>The field errors of a filter and its paging (limit and cursor null: an export, which is not paged).</summary>
    public static FieldErrors Validate(FindingFilter filter, int? limit, string? cursor)
    {
        var errors = new FieldErrors();
        errors.ValidatePaging(limit, cursor, CursorKind);
        if (filter.Org is not null)
        {
            errors.Slug("org", filter.Org);
        }
        errors.Text("modelId", filter.ModelId, 40, multiline: false);
        errors.Text("owner", filter.Owner, Finding.ActorMaxLength, multiline: false);
        errors.Defined("severity", filter.Severity);
        errors.Defined("state", filter.State);
        errors.Defined("source", filter.Source);
        return errors;
    }
}
