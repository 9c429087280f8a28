using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using Xunit;

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
        string? clientId = "model-risk-gateway",
        bool withExpiry = true,
        string algorithm = SecurityAlgorithms.RsaSha256,
        bool withSignature = true)
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
            Expires = withExpiry ? expiry : null,
            // No credentials: the handler writes alg "none" and no signature.
            SigningCredentials = withSignature ? new SigningCredentials(key ?? SigningKey, algorithm) : null,
        };
        // Otherwise the handler adds an exp of its own to a descriptor without one.
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = withExpiry }.CreateToken(descriptor);
    }

    /// <summary>
    /// The trusted public key's PEM as an HMAC secret: the classic algorithm-confusion forgery, which anyone holding the
    /// published key can sign with.
    /// </summary>
    public static SymmetricSecurityKey PublicKeyAsHmacSecret { get; } =
        new(System.Text.Encoding.UTF8.GetBytes(SigningKey.Rsa.ExportSubjectPublicKeyInfoPem())) { KeyId = SigningKey.KeyId };

    /// <summary>
    /// Tokens every host that validates platform tokens (the gateway, each service) must refuse with 401, with why.
    /// One list so that a new service's tests, and a new way to forge a token, cover every host at once.
    /// </summary>
    public static TheoryData<string, string> InvalidTokenData()
    {
        var data = new TheoryData<string, string>();
        foreach (var (why, token) in InvalidTokens())
        {
            data.Add(why, token);
        }
        return data;
    }

    /// <summary>The tokens of <see cref="InvalidTokenData"/>, each with why it must be refused.</summary>
    public static IEnumerable<(string Why, string Token)> InvalidTokens()
    {
        string[] roles = ["model-owner"];
        string[] orgs = ["acme-lending"];
        yield return ("expired", Token("late", roles, orgs, expires: DateTime.UtcNow.AddMinutes(-1)));
        yield return ("no expiry", Token("forever", roles, orgs, withExpiry: false));
        yield return ("forged signature", Token("mallory", roles, orgs, key: UntrustedKey));
        yield return ("wrong audience", Token("other-api", roles, orgs, audience: "another-api"));
        yield return ("no audience", Token("no-aud", roles, orgs, audience: null));
        yield return ("wrong issuer", Token("elsewhere", roles, orgs, issuer: "https://elsewhere.test/realms/model-risk"));
        yield return ("unsigned (alg none)", Token("none", roles, orgs, withSignature: false));
        yield return ("HS256 keyed with the public key", Token("confused", roles, orgs, key: PublicKeyAsHmacSecret, algorithm: SecurityAlgorithms.HmacSha256));
        yield return ("trusted key, algorithm the realm does not use (RS384)", Token("rs384", roles, orgs, algorithm: SecurityAlgorithms.RsaSha384));
    }

    public static string ModelOwner(params string[] orgs) => Token("owner-" + string.Join('-', orgs), ["model-owner"], orgs);

    public static string RiskAnalyst() => Token("analyst", ["risk-analyst"]);

    public static string Auditor() => Token("auditor", ["auditor"]);

    public static string Integration(string org) => Token("service-account-ci", ["integration"], [org], clientId: "model-risk-ci");

    private static RsaSecurityKey CreateKey(string id) => new(RSA.Create(2048)) { KeyId = id };

}
