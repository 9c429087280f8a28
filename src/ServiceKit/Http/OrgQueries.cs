using ModelRisk.ServiceDefaults.Identity;
using ModelRisk.ServiceKit.Domain;

namespace ModelRisk.ServiceKit.Http;

/// <summary>Org scoping for every org-owned entity: reads start from <see cref="VisibleTo{T}"/>, edits from <see cref="WritableIn{T}"/>.</summary>
public static class OrgQueries
{
    public static IQueryable<T> VisibleTo<T>(this IQueryable<T> query, ReadScope scope) where T : class, IOrgOwned => In(query, scope);

    public static IQueryable<T> WritableIn<T>(this IQueryable<T> query, WriteScope scope) where T : class, IOrgOwned => In(query, scope);

    private static IQueryable<T> In<T>(IQueryable<T> query, OrgScope scope) where T : class, IOrgOwned
    {
        if (scope.AllOrgs)
        {
            return query;
        }
        var orgs = scope.Orgs.ToArray();
        return query.Where(e => orgs.Contains(e.Org));
    }
}
