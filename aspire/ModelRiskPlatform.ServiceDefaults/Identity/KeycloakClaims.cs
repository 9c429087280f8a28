using System.Security.Claims;
using System.Text.Json;

namespace ModelRisk.ServiceDefaults.Identity;

/// <summary>Claim names of Keycloak access tokens and the mapping of its role structures to role claims.</summary>
public static class KeycloakClaims
{
    public const string PreferredUsername = "preferred_username";
    public const string Subject = "sub";
    public const string Role = "role";

    /// <summary>
    /// A role of the API client (<c>resource_access.&lt;client&gt;.roles</c>). Its own claim type, never <see cref="Role"/>:
    /// a client role is named by whoever administers that client, so one called <c>approver</c> must not pass a realm-role policy.
    /// </summary>
    public const string ClientRole = "client_role";
    public const string Org = "org";
    public const string RealmAccess = "realm_access";
    public const string ResourceAccess = "resource_access";
    public const string AuthorizedParty = "azp";
    public const string ClientId = "client_id";

    /// <summary>
    /// Adds a <see cref="Role"/> claim for each role in <c>realm_access.roles</c> and a <see cref="ClientRole"/> claim for
    /// each role in <c>resource_access.&lt;client&gt;.roles</c>. Malformed role structures add nothing: a token that
    /// cannot state its roles gets none.
    /// </summary>
    public static void MapRoles(ClaimsIdentity identity, string? client)
    {
        var realmRoles = new HashSet<string>(StringComparer.Ordinal);
        foreach (var claim in identity.FindAll(RealmAccess))
        {
            AddRoles(claim.Value, realmRoles);
        }
        var clientRoles = new HashSet<string>(StringComparer.Ordinal);
        if (!string.IsNullOrEmpty(client))
        {
            foreach (var claim in identity.FindAll(ResourceAccess))
            {
                if (TryParse(claim.Value, out var resourceAccess) && resourceAccess.ValueKind == JsonValueKind.Object
                    && resourceAccess.TryGetProperty(client, out var clientAccess))
                {
                    AddRoles(clientAccess, clientRoles);
                }
            }
        }
        AddClaims(identity, identity.RoleClaimType, realmRoles);
        AddClaims(identity, ClientRole, clientRoles);
    }

    private static void AddClaims(ClaimsIdentity identity, string type, HashSet<string> roles)
    {
        foreach (var role in roles)
        {
            if (!identity.HasClaim(type, role))
            {
                identity.AddClaim(new Claim(type, role));
            }
        }
    }

    private static void AddRoles(string json, HashSet<string> roles)
    {
        if (TryParse(json, out var element))
        {
            AddRoles(element, roles);
        }
    }

    private static void AddRoles(JsonElement access, HashSet<string> roles)
    {
        if (access.ValueKind != JsonValueKind.Object || !access.TryGetProperty("roles", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            return;
        }
        foreach (var role in list.EnumerateArray())
        {
            if (role.ValueKind == JsonValueKind.String && role.GetString() is { Length: > 0 } name)
            {
                roles.Add(name);
            }
        }
    }

    private static bool TryParse(string json, out JsonElement element)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            element = document.RootElement.Clone();
            return true;
        }
        catch (JsonException)
        {
            element = default;
            return false;
        }
    }
}
