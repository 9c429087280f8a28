using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace ModelRisk.TestSupport;

/// <summary>
/// Mints Keycloak-shaped access tokens with a test RSA key and makes a test host trust that key, so
/// tests exercise the real JwtBearer validation (issuer, audience, lifetime, signature) without a server.
/// </summary>
public static class TestIdentity
{
    public const string Issuer = "https://identity.test/realms/model-risk";
    public const string Audience = "model-risk-api";

    private static readonly RsaSecurityKey SigningKey = CreateKey("test-signing-key");

    /// <summary>A second key the host does not trust, for forged-signature tests.</summary>
    public static readonly RsaSecurityKey UntrustedKey = CreateKey("untrusted-key");

    /// <summary>Configuration a test host needs so that AddPlatformAuthentication validates these tokens.</summary>
    public static IEnumerable<KeyValuePair<string, string?>> HostConfiguration =>
    [
        new("Identity:Authority", Issuer),
        new("Identity:Audience", Audience),
        new("Identity:RequireHttpsMetadata", "false"),
    ];

    /// <summary>Pins the signing key so JwtBearer never fetches discovery metadata.</summary>
    public static void TrustTestKey(IServiceCollection services) =>
        services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, options =>
        {
            var configuration = new OpenIdConnectConfiguration { Issuer = Issuer };
            configuration.SigningKeys.Add(SigningKey);
            options.Configuration = configuration;
            // Also replace a manager JwtBearer may already have built from the authority, whatever the registration order.
            options.ConfigurationManager = new Microsoft.IdentityModel.Protocols.StaticConfigurationManager<OpenIdConnectConfiguration>(configuration);
        });

    public static string Token(
        string username,
        IEnumerable<string> roles,
        IEnumerable<string>? orgs = null,
        string? audience = Audience,
        string issuer = Issuer,
        DateTime? expires = null,
        SecurityKey? key = null,
        IReadOnlyDictionary<string, IEnumerable<string>>? clientRoles = null,
        string? clientId = "model-risk-gateway")
    {
        var now = DateTime.UtcNow;
        var claims = new Dictionary<string, object>
        {
            ["sub"] = $"sub-{username}",
            ["preferred_username"] = username,
            ["realm_access"] = new Dictionary<string, object> { ["roles"] = roles.ToArray() },
            ["org"] = (orgs ?? []).ToArray(),
            ["typ"] = "Bearer",
        };
        if (clientId is not null)
        {
            claims["azp"] = clientId;
        }
        if (clientRoles is not null)
        {
            claims["resource_access"] = clientRoles.ToDictionary(kv => kv.Key, kv => (object)new Dictionary<string, object> { ["roles"] = kv.Value.ToArray() });
        }
        if (audience is not null)
        {
            claims["aud"] = audience;
        }
        var expiry = expires ?? now.AddMinutes(5);
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Claims = claims,
            IssuedAt = expiry < now ? expiry.AddMinutes(-10) : now,
            NotBefore = expiry < now ? expiry.AddMinutes(-10) : now,
            Expires = expiry,
            SigningCredentials = new SigningCredentials(key ?? SigningKey, SecurityAlgorithms.RsaSha256),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }

    public static string ModelOwner(params string[] orgs) => Token("owner-" + string.Join('-', orgs), ["model-owner"], orgs);

    public static string RiskAnalyst() => Token("analyst", ["risk-analyst"]);

    public static string Auditor() => Token("auditor", ["auditor"]);

    public static string Integration(string org) => Token("service-account-ci", ["integration"], [org], clientId: "model-risk-ci");

    private static RsaSecurityKey CreateKey(string id) => new(RSA.Create(2048)) { KeyId = id };

}
