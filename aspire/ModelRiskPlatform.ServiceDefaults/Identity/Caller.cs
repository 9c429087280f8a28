using System.Security.Claims;

namespace ModelRisk.ServiceDefaults.Identity;

/// <summary>
/// Which orgs a caller may see. Model owners and integrations are held to the orgs in their <c>org</c> claim;
/// risk analysts, approvers, auditors and platform admins work across orgs.
/// </summary>
public sealed record OrgScope(bool AllOrgs, IReadOnlySet<string> Orgs)
{
    public bool Includes(string org) => AllOrgs || Orgs.Contains(org);

    /// <summary>The orgs a query may return, or null when every org is visible.</summary>
    public IReadOnlyCollection<string>? Restriction => AllOrgs ? null : Orgs;
}

public static class CallerExtensions
{
    public static IReadOnlySet<string> Orgs(this ClaimsPrincipal caller) =>
        caller.FindAll(KeycloakClaims.Org).Select(c => c.Value.Trim()).Where(v => v.Length > 0).ToHashSet(StringComparer.Ordinal);

    public static bool CanSeeAllOrgs(this ClaimsPrincipal caller) => PlatformRoles.CrossOrg.Any(caller.IsInRole);

    public static OrgScope OrgScope(this ClaimsPrincipal caller) => new(caller.CanSeeAllOrgs(), caller.Orgs());

    public static bool CanAccessOrg(this ClaimsPrincipal caller, string org) => caller.OrgScope().Includes(org);

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
