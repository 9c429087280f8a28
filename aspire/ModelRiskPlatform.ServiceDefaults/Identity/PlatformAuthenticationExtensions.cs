using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using ModelRisk.ServiceDefaults.Identity;

namespace Microsoft.Extensions.Hosting;

public static class PlatformAuthenticationExtensions
{
    /// <summary>
    /// Validates Keycloak access tokens on plain JwtBearer with the contract Keycloak's .NET adapters use:
    /// authority from server URL and realm, audience validated, zero clock skew, <c>preferred_username</c> as
    /// the name, only the realm's signature algorithms, and <c>realm_access</c> roles mapped to role claims
    /// (<c>resource_access</c> roles of the API client to <c>client_role</c> claims, see ADR 025).
    /// </summary>
    public static TBuilder AddPlatformAuthentication<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddOptions<IdentityOptions>().Bind(builder.Configuration.GetSection(IdentityOptions.SectionName));

        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<IdentityOptions>>((jwt, identityOptions) => Configure(jwt, identityOptions.Value));

        builder.Services.AddAuthorization(options => options.AddPlatformPolicies());
        return builder;
    }

    private static void Configure(JwtBearerOptions jwt, IdentityOptions identity)
    {
        var authority = identity.ResolveAuthority();
        jwt.Authority = authority;
        jwt.Audience = identity.Audience;
        jwt.RequireHttpsMetadata = identity.RequireHttpsMetadata;
        jwt.MapInboundClaims = false;
        jwt.TokenValidationParameters = new TokenValidationParameters
        {
            ValidateIssuer = true,
            ValidIssuer = authority,
            ValidateAudience = true,
            ValidAudience = identity.Audience,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            ValidateIssuerSigningKey = true,
            RequireSignedTokens = true,
            ValidAlgorithms = identity.ResolveValidAlgorithms(),
            ClockSkew = TimeSpan.Zero,
            NameClaimType = KeycloakClaims.PreferredUsername,
            RoleClaimType = KeycloakClaims.Role,
        };
        var rolesClient = identity.RolesClient ?? identity.Audience;
        jwt.Events = new JwtBearerEvents
        {
            OnTokenValidated = context =>
            {
                if (context.Principal?.Identity is System.Security.Claims.ClaimsIdentity claimsIdentity)
                {
                    KeycloakClaims.MapRoles(claimsIdentity, rolesClient);
                }
                return Task.CompletedTask;
            },
        };
    }
}
