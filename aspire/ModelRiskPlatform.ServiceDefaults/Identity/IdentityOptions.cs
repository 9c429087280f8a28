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

    /// <summary>Client whose <c>resource_access.&lt;client&gt;.roles</c> are mapped too; defaults to the audience.</summary>
    public string? RolesClient { get; set; }

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
