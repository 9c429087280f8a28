using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace ModelRisk.ServiceDefaults.OpenApi;

/// <summary>
/// Reads each endpoint's authorization (its policies, or the fallback policy when it names none) and writes what a
/// caller needs to know: the security requirement, the roles that may call it, and the 401 and 403 it answers.
/// The document then follows the code: a new endpoint or a changed policy needs no second edit here.
/// </summary>
public sealed class AuthorizationOperationTransformer(IAuthorizationPolicyProvider policies, IOptions<AuthorizationOptions> authorization)
    : IOpenApiOperationTransformer
{
    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        if (metadata.OfType<IAllowAnonymous>().Any())
        {
            return;
        }
        var policy = await AuthorizationPolicy.CombineAsync(policies, metadata.OfType<IAuthorizeData>(), metadata.OfType<AuthorizationPolicy>())
            ?? authorization.Value.FallbackPolicy;
        if (policy is null || !policy.Requirements.Any(r => r is DenyAnonymousAuthorizationRequirement or RolesAuthorizationRequirement))
        {
            return;
        }

        operation.Security = PlatformSecuritySchemes.Requirements(context.Document);
        await ProblemResponses.AddAsync(operation, context, StatusCodes.Status401Unauthorized, cancellationToken);

        // Every roles requirement of the combined policy must pass, so the caller needs a role each of them allows.
        var roles = policy.Requirements.OfType<RolesAuthorizationRequirement>()
            .Select(r => (IEnumerable<string>)r.AllowedRoles)
            .Aggregate((IEnumerable<string>?)null, (all, next) => all is null ? next : all.Intersect(next, StringComparer.Ordinal));
        if (roles is not null)
        {
            var sentence = $"Needs a token with one of the roles: {string.Join(", ", roles.Order(StringComparer.Ordinal))}.";
            operation.Description = string.IsNullOrWhiteSpace(operation.Description) ? sentence : $"{operation.Description}\n\n{sentence}";
            await ProblemResponses.AddAsync(operation, context, StatusCodes.Status403Forbidden, cancellationToken);
        }
    }
}
