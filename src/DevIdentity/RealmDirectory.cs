using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace ModelRisk.DevIdentity;

public sealed record RealmUser(string Username, string? Password, IReadOnlyList<string> Roles, IReadOnlyList<string> Orgs);

public sealed record RealmClient(string ClientId, string? Secret, bool ServiceAccount, IReadOnlyList<string> Roles, IReadOnlyList<string> Orgs);

/// <summary>
/// Users and clients read from the same Keycloak realm export that Keycloak imports, so local mode and
/// container mode know the same demo users, roles and orgs.
/// </summary>
public sealed class RealmDirectory
{
    private readonly Dictionary<string, RealmUser> _users = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RealmClient> _clients = new(StringComparer.Ordinal);

    public RealmDirectory(IOptions<DevIdentityOptions> options, ILogger<RealmDirectory> logger)
    {
        var path = options.Value.RealmFile;
        if (string.IsNullOrWhiteSpace(path))
        {
            logger.LogWarning("No realm file configured: only the dev token endpoint issues tokens");
            return;
        }
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        Load(document.RootElement);
        logger.LogInformation("Loaded {Users} users and {Clients} clients from {RealmFile}", _users.Count, _clients.Count, path);
    }

    public RealmUser? FindUser(string username, string password) =>
        _users.TryGetValue(username, out var user) && user.Password is not null && FixedTimeEquals(user.Password, password) ? user : null;

    public RealmClient? FindClient(string clientId, string? secret) =>
        _clients.TryGetValue(clientId, out var client) && (client.Secret is null || (secret is not null && FixedTimeEquals(client.Secret, secret)))
            ? client
            : null;

    private void Load(JsonElement realm)
    {
        var groupOrgs = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        if (realm.TryGetProperty("groups", out var groups))
        {
            CollectGroups(groups, groupOrgs);
        }

        var serviceAccountRoles = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        if (realm.TryGetProperty("users", out var users))
        {
            foreach (var user in users.EnumerateArray())
            {
                var username = user.GetProperty("username").GetString()!;
                if (user.TryGetProperty("enabled", out var enabled) && enabled.ValueKind == JsonValueKind.False)
                {
                    continue;
                }
                var roles = Strings(user, "realmRoles");
                if (user.TryGetProperty("serviceAccountClientId", out var saClient))
                {
                    serviceAccountRoles[saClient.GetString()!] = roles;
                    continue;
                }
                string? password = null;
                if (user.TryGetProperty("credentials", out var credentials))
                {
                    password = credentials.EnumerateArray()
                        .Where(c => c.TryGetProperty("type", out var t) && t.GetString() == "password")
                        .Select(c => c.TryGetProperty("value", out var v) ? v.GetString() : null)
                        .FirstOrDefault(v => v is not null);
                }
                var orgs = Strings(user, "groups").SelectMany(g => groupOrgs.TryGetValue(g, out var o) ? o : []).ToList();
                if (user.TryGetProperty("attributes", out var attributes) && attributes.TryGetProperty("org", out var orgAttr))
                {
                    orgs.AddRange(orgAttr.EnumerateArray().Select(v => v.GetString()!));
                }
                _users[username] = new RealmUser(username, password, roles, orgs.Distinct().ToList());
            }
        }

        if (realm.TryGetProperty("clients", out var clients))
        {
            foreach (var client in clients.EnumerateArray())
            {
                var clientId = client.GetProperty("clientId").GetString()!;
                var serviceAccount = client.TryGetProperty("serviceAccountsEnabled", out var sa) && sa.ValueKind == JsonValueKind.True;
                var secret = client.TryGetProperty("secret", out var s) ? s.GetString() : null;
                var orgs = new List<string>();
                if (client.TryGetProperty("protocolMappers", out var mappers))
                {
                    foreach (var mapper in mappers.EnumerateArray())
                    {
                        if (mapper.TryGetProperty("config", out var config)
                            && config.TryGetProperty("claim.name", out var name) && name.GetString() == "org"
                            && config.TryGetProperty("claim.value", out var value) && value.GetString() is { Length: > 0 } org)
                        {
                            orgs.Add(org);
                        }
                    }
                }
                _clients[clientId] = new RealmClient(clientId, secret, serviceAccount,
                    serviceAccountRoles.TryGetValue(clientId, out var roles) ? roles : [], orgs);
            }
        }
    }

    private static void CollectGroups(JsonElement groups, Dictionary<string, List<string>> groupOrgs)
    {
        foreach (var group in groups.EnumerateArray())
        {
            var path = group.TryGetProperty("path", out var p) ? p.GetString()! : "/" + group.GetProperty("name").GetString();
            var orgs = new List<string>();
            if (group.TryGetProperty("attributes", out var attributes) && attributes.TryGetProperty("org", out var org))
            {
                orgs.AddRange(org.EnumerateArray().Select(v => v.GetString()!));
            }
            else if (path.StartsWith("/orgs/", StringComparison.Ordinal))
            {
                orgs.Add(path["/orgs/".Length..]);
            }
            groupOrgs[path] = orgs;
            if (group.TryGetProperty("subGroups", out var subGroups))
            {
                CollectGroups(subGroups, groupOrgs);
            }
        }
    }

    private static List<string> Strings(JsonElement element, string property) =>
        element.TryGetProperty(property, out var array) && array.ValueKind == JsonValueKind.Array
            ? array.EnumerateArray().Select(v => v.GetString()!).ToList()
            : [];

    private static bool FixedTimeEquals(string expected, string actual) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(actual));
}
