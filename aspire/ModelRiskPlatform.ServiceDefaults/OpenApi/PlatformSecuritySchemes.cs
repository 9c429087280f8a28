using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using ModelRisk.ServiceDefaults.Identity;

namespace ModelRisk.ServiceDefaults.OpenApi;

/// <summary>
/// Declares how a caller gets a token: the realm's OpenID Connect discovery document (so a generated client can
/// find the token endpoint) and, for tools that only know bearer tokens, an HTTP bearer JWT scheme. Either satisfies
/// an operation's requirement; <see cref="AuthorizationOperationTransformer"/> states which operations need one.
/// </summary>
public sealed class PlatformSecuritySchemes(IOptions<IdentityOptions> identity) : IOpenApiDocumentTransformer
{
    public const string OpenIdConnect = "oidc";
    public const string Bearer = "bearer";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        var authority = identity.Value.ResolveAuthority();
        document.AddComponent<IOpenApiSecurityScheme>(OpenIdConnect, new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.OpenIdConnect,
            OpenIdConnectUrl = new Uri($"{authority}/.well-known/openid-configuration"),
            Description = $"Sign in to the realm {authority} (a person through single sign-on, an integration with client credentials) and send its access token.",
        });
        document.AddComponent<IOpenApiSecurityScheme>(Bearer, new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = $"An access token issued by {authority} for the audience {identity.Value.Audience}, as Authorization: Bearer <token>.",
        });
        return Task.CompletedTask;
    }

    /// <summary>What an operation that needs a token lists: one requirement per scheme, any one of them suffices.</summary>
    public static List<OpenApiSecurityRequirement> Requirements(OpenApiDocument? document) =>
    [
        new() { [new OpenApiSecuritySchemeReference(OpenIdConnect, document)] = [] },
        new() { [new OpenApiSecuritySchemeReference(Bearer, document)] = [] },
    ];
}
