namespace ModelRisk.DevIdentity;

/// <summary>
/// A development token issuer with the token shape of Keycloak's <c>model-risk</c> realm, for local mode
/// where no container runtime can run Keycloak. It is never deployed to a cluster.
/// </summary>
public static class DevIdentityModule
{
    public static WebApplicationBuilder AddDevIdentity(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<DevIdentityOptions>().Bind(builder.Configuration.GetSection(DevIdentityOptions.SectionName));
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
    public string Audience { get; set; } = "model-risk-api";

    /// <summary>The Keycloak realm export whose users, passwords, roles, groups and clients this issuer honours.</summary>
    public string? RealmFile { get; set; }

    /// <summary>Where the signing key is kept so tokens stay valid across restarts; a fresh key each start when empty.</summary>
    public string? KeyFile { get; set; }

    public int AccessTokenLifetimeSeconds { get; set; } = 300;

    /// <summary>Upper bound for the lifetime a caller of the dev token endpoint may ask for.</summary>
    public int MaxDevTokenLifetimeSeconds { get; set; } = 8 * 3600;
}
