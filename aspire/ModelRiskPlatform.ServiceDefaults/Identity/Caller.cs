using System.Security.Claims;

namespace ModelRisk.ServiceDefaults.Identity;

/// <summary>
/// A set of orgs: every org, or the listed ones. Read and write scopes are distinct types so that a query
/// or a check written for one cannot be handed the other (see <see cref="CallerExtensions"/>).
/// </summary>
public abstract record OrgScope(bool AllOrgs, IReadOnlySet<string> Orgs)
{
    public bool Includes(string org) => AllOrgs || Orgs.Contains(org);

    /// <summary>The orgs a query may touch, or null when every org is in scope.</summary>
    public IReadOnlyCollection<string>? Restriction => AllOrgs ? null : Orgs;
}

/// <summary>The orgs whose data a caller may see.</summary>
public sealed record ReadScope(bool AllOrgs, IReadOnlySet<string> Orgs) : OrgScope(AllOrgs, Orgs);

/// <summary>The orgs in which a caller may change data with one particular operation.</summary>
public sealed record WriteScope(bool AllOrgs, IReadOnlySet<string> Orgs) : OrgScope(AllOrgs, Orgs);

public static class CallerExtensions
{
    public static IReadOnlySet<string> Orgs(this ClaimsPrincipal caller) =>
        caller.FindAll(KeycloakClaims.Org).Select(c => c.Value.Trim()).Where(v => v.Length > 0).ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// What the caller may see: the orgs in their <c>org</c> claim, or every org when they hold a cross-org role
    /// (risk analyst, approver, auditor, platform admin). Never use it to decide a write: an auditor reads everywhere.
    /// </summary>
    public static ReadScope ReadScope(this ClaimsPrincipal caller) => new(PlatformRoles.CrossOrg.Any(caller.IsInRole), caller.Orgs());

    /// <summary>
    /// Where the caller may make one kind of change: the orgs in their <c>org</c> claim, or every org when they hold
    /// one of <paramref name="crossOrgWriters"/>, the roles that operation lets write across orgs. No roles named: the org claim only.
    /// </summary>
    public static WriteScope WriteScope(this ClaimsPrincipal caller, params IReadOnlyCollection<string> crossOrgWriters) =>
        new(crossOrgWriters.Any(caller.IsInRole), caller.Orgs());

    /// <summary>A stable id of the caller for audit fields: the username for people, the client for service accounts.</summary>
    public static string Actor(this ClaimsPrincipal caller) =>
        caller.FindFirst(KeycloakClaims.PreferredUsername)?.Value
        ?? caller.FindFirst(KeycloakClaims.ClientId)?.Value
        ?? caller.FindFirst(KeycloakClaims.AuthorizedParty)?.Value
        ?? caller.FindFirst(KeycloakClaims.Subject)?.Value
        ?? "unknown";

    public static string? SubjectId(this ClaimsPrincipal caller) => caller.FindFirst(KeycloakClaims.Subject)?.Value;

    /// <summary>The OAuth client that obtained the token: the rate-limiting partition for integrations.</summary>
    public static string? ClientId(this ClaimsPrincipal caller) =>
        caller.FindFirst(KeycloakClaims.AuthorizedParty)?.Value ?? caller.FindFirst(KeycloakClaims.ClientId)?.Value;
}
