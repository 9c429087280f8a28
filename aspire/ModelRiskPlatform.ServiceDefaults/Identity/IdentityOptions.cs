namespace ModelRisk.ServiceDefaults.Identity;

/// <summary>
/// The Keycloak token contract. Either <see cref="Authority"/> (<c>{server}/realms/{realm}</c>) or
/// <see cref="ServerUrl"/> plus <see cref="Realm"/>, as Keycloak's own adapters accept.
/// </summary>
public sealed class IdentityOptions
{
    public const string SectionName = "Identity";

    public string? Authority { get; set; }
    public string? ServerUrl { get; set; }
    public string Realm { get; set; } = "model-risk";
    public string Audience { get; set; } = "model-risk-api";
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>
    /// Client whose <c>resource_access.&lt;client&gt;.roles</c> are mapped (as <c>client_role</c> claims, never as realm
    /// roles); defaults to the audience.
    /// </summary>
    public string? RolesClient { get; set; }

    /// <summary>
    /// The only signature algorithms a token may carry: the ones the realm signs with. Anything else (<c>none</c>,
    /// an HMAC keyed with the public key, another RSA variant) is refused before its signature is looked at.
    /// Empty means <see cref="DefaultAlgorithm"/>; a default list here would be appended to, not replaced, by configuration.
    /// </summary>
    public IList<string> ValidAlgorithms { get; set; } = [];

    /// <summary>What a Keycloak realm signs access tokens with unless its keys say otherwise.</summary>
    public const string DefaultAlgorithm = "RS256";

    public IReadOnlyList<string> ResolveValidAlgorithms() => ValidAlgorithms.Count > 0 ? [.. ValidAlgorithms] : [DefaultAlgorithm];

    public string ResolveAuthority()
    {
        if (!string.IsNullOrWhiteSpace(Authority))
        {
            return Authority.TrimEnd('/');
        }
        if (!string.IsNullOrWhiteSpace(ServerUrl))
        {
            return $"{ServerUrl.TrimEnd('/')}/realms/{Realm}";
        }
        throw new InvalidOperationException(
            $"Configure {SectionName}:Authority ({{server}}/realms/{{realm}}) or {SectionName}:ServerUrl to validate tokens.");
    }
}
