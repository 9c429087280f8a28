using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ModelRisk.ServiceDefaults.OpenApi;

namespace Microsoft.Extensions.Hosting;

public static class PlatformOpenApiExtensions
{
    /// <summary>
    /// The service's OpenAPI document with what every service's document shares: the realm's security schemes and
    /// the requirement on each operation that needs a token, the roles it needs, every ProblemDetails answer it can
    /// give (401, 403, 413, 429 from its authorization and the gateway; 412/428 from <see cref="IfMatch.WithIfMatch"/>),
    /// the ETag, If-Match and Location headers,
    /// query parameters in camelCase, the contact, and a description of each tag in <paramref name="tags"/>. The gateway sets the public server URL.
    /// </summary>
    public static TBuilder AddPlatformOpenApi<TBuilder>(this TBuilder builder, string title, string description,
        IReadOnlyDictionary<string, string> tags) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddOptions<ApiDocsOptions>().Bind(builder.Configuration.GetSection(ApiDocsOptions.SectionName));
        builder.Services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer(new ApiDocumentInfo(title, description, tags));
            options.AddDocumentTransformer<PlatformSecuritySchemes>();
            options.AddOperationTransformer(CamelCaseQueryParameters.TransformAsync);
            options.AddOperationTransformer(IfMatch.TransformAsync);
            options.AddOperationTransformer(CreatedLocation.TransformAsync);
            options.AddOperationTransformer<AuthorizationOperationTransformer>();
            options.AddOperationTransformer<ProblemResponsesTransformer>();
        });
        return builder;
    }
}
