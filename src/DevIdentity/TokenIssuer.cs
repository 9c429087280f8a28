using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ModelRisk.DevIdentity;

public sealed record TokenSubject(string Subject, string Username, IReadOnlyList<string> Roles, IReadOnlyList<string> Orgs, string ClientId);

/// <summary>Mints access tokens shaped like Keycloak's: realm_access.roles, azp, preferred_username, a multi-valued org claim.</summary>
public sealed class TokenIssuer(SigningKeyStore keys, TimeProvider time, IOptions<DevIdentityOptions> options)
{
    public DevIdentityOptions Options => options.Value;

    public (string Token, int ExpiresIn) Issue(TokenSubject subject, int? lifetimeSeconds = null, string? audience = null)
    {
        var lifetime = lifetimeSeconds ?? options.Value.AccessTokenLifetimeSeconds;
        var now = time.GetUtcNow().UtcDateTime;
        var claims = new Dictionary<string, object>
        {
            ["sub"] = subject.Subject,
            ["preferred_username"] = subject.Username,
            ["azp"] = subject.ClientId,
            ["typ"] = "Bearer",
            ["jti"] = Guid.NewGuid().ToString(),
            ["realm_access"] = new Dictionary<string, object> { ["roles"] = subject.Roles.ToArray() },
            ["org"] = subject.Orgs.ToArray(),
            ["scope"] = "openid profile",
            ["aud"] = audience ?? options.Value.Audience,
        };
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Value.Issuer,
            Claims = claims,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddSeconds(lifetime),
            SigningCredentials = new SigningCredentials(keys.Key, SecurityAlgorithms.RsaSha256),
        });
        return (token, lifetime);
    }
}
