using System.Security.Claims;
using System.Text.Json;

namespace ModelRisk.ServiceDefaults.Identity;

/// <summary>Claim names of Keycloak access tokens and the mapping of its role structures to role claims.</summary>
public static class KeycloakClaims
{
    public const string PreferredUsername = "preferred_username";
    public const string Subject = "sub";
    public const string Role = "role";
    public const string Org = "org";
    public const string RealmAccess = "realm_access";
    public const string ResourceAccess = "resource_access";
    public const string AuthorizedParty = "azp";
    public const string ClientId = "client_id";

    /// <summary>
    /// Adds a role claim for each role in <c>realm_access.roles</c> and in <c>resource_access.&lt;client&gt;.roles</c>.
    /// Malformed role structures add nothing: a token that cannot state its roles gets none.
    /// </summary>
    public static void MapRoles(ClaimsIdentity identity, string? client)
    {
        var roles = new HashSet<string>(StringComparer.Ordinal);
        foreach (var claim in identity.FindAll(RealmAccess))
        {
            AddRoles(claim.Value, roles);
        }
        if (!string.IsNullOrEmpty(client))
        {
            foreach (var claim in identity.FindAll(ResourceAccess))
            {
                if (TryParse(claim.Value, out var resourceAccess) && resourceAccess.ValueKind == JsonValueKind.Object
                    && resourceAccess.TryGetProperty(client, out var clientAccess))
                {
                    AddRoles(clientAccess, roles);
                }
            }
        }
        foreach (var role in roles)
        {
            if (!identity.HasClaim(identity.RoleClaimType, role))
            {
                identity.AddClaim(new Claim(identity.RoleClaimType, role));
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
