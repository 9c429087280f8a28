namespace ModelRisk.DevIdentity;

/// <summary>
/// A development token issuer with the token shape of Keycloak's <c>model-risk</c> realm, for local mode
/// where no container runtime can run Keycloak. It is never deployed to a cluster.
/// </summary>
public static class DevIdentityModule
{
    public static WebApplicationBuilder AddDevIdentity(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(DevIdentityOptions.SectionName);
        // It hands out any role to anyone who asks: a host that is not a developer's machine must opt in by name.
        if (!builder.Environment.IsDevelopment() && !section.GetValue<bool>(nameof(DevIdentityOptions.AllowOutsideDevelopment)))
        {
            throw new InvalidOperationException(
                $"The development token issuer issues any role to anyone and refuses to start in the '{builder.Environment.EnvironmentName}' environment. " +
                $"Use Keycloak there, or set {DevIdentityOptions.SectionName}:{nameof(DevIdentityOptions.AllowOutsideDevelopment)}=true on a machine only you use.");
        }
        builder.Services.AddOptions<DevIdentityOptions>().Bind(section)
            .Validate(o => Uri.TryCreate(o.PublicUrl, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps),
                $"{DevIdentityOptions.SectionName}:PublicUrl must be the absolute http(s) URL clients reach the issuer at (http://localhost:5081).")
            .ValidateOnStart();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<SigningKeyStore>();
        builder.Services.AddSingleton<RealmDirectory>();
        builder.Services.AddSingleton<TokenIssuer>();
        builder.Services.AddProblemDetails();
        builder.Services.AddHealthChecks();
        return builder;
    }

    public static WebApplication MapDevIdentity(this WebApplication app)
    {
        app.MapHealthChecks("/health");
        app.MapHealthChecks("/alive");
        var realm = app.MapGroup("/realms/{realm}");
        // Only the configured realm exists; any other answers 404 on every endpoint, as Keycloak does.
        realm.AddEndpointFilter(async (context, next) =>
            context.HttpContext.GetRouteValue("realm") as string == context.HttpContext.RequestServices.GetRequiredService<TokenIssuer>().Options.Realm
                ? await next(context)
                : TypedResults.NotFound());
        realm.MapDiscoveryEndpoints();
        realm.MapTokenEndpoints();
        return app;
    }
}

public sealed class DevIdentityOptions
{
    public const string SectionName = "DevIdentity";

    public string Realm { get; set; } = "model-risk";

    /// <summary>
    /// The URL clients reach the issuer at; the issuer of every token is <c>{PublicUrl}/realms/{Realm}</c>. From
    /// configuration, never from the request's Host header, which any caller could set to mint tokens for another issuer.
    /// </summary>
    public string? PublicUrl { get; set; }

    /// <summary>Lets the issuer start outside the Development environment (the local-mode AppHost sets it).</summary>
    public bool AllowOutsideDevelopment { get; set; }

    public string Issuer => $"{PublicUrl!.TrimEnd('/')}/realms/{Realm}";

    public string Audience { get; set; } = "model-risk-api";

    /// <summary>The Keycloak realm export whose users, passwords, roles, groups and clients this issuer honours.</summary>
    public string? RealmFile { get; set; }

    /// <summary>Where the signing key is kept so tokens stay valid across restarts; a fresh key each start when empty.</summary>
    public string? KeyFile { get; set; }

    public int AccessTokenLifetimeSeconds { get; set; } = 300;

    /// <summary>Upper bound for the lifetime a caller of the dev token endpoint may ask for.</summary>
    public int MaxDevTokenLifetimeSeconds { get; set; } = 8 * 3600;
}
