using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace ModelRisk.ServiceDefaults.OpenApi;

/// <summary>
/// The document's front page: the service's title and description, who to contact, and every tag its operations
/// use, described, so a reader (and the docs UI's sidebar) sees what each group of operations is for.
/// </summary>
public sealed class ApiDocumentInfo(string title, string description, IReadOnlyDictionary<string, string> tags) : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        var options = context.ApplicationServices.GetRequiredService<IOptions<ApiDocsOptions>>().Value;
        document.Info = new OpenApiInfo
        {
            Title = title,
            Version = context.DocumentName,
            Description = description,
            Contact = new OpenApiContact { Name = options.ContactName, Email = options.ContactEmail, Url = options.ContactUrl },
        };

        var used = (document.Paths ?? [])
            .SelectMany(path => path.Value.Operations ?? [])
            .SelectMany(operation => operation.Value.Tags ?? new HashSet<OpenApiTagReference>())
            .Select(tag => tag.Name)
            .OfType<string>()
            .Distinct(StringComparer.Ordinal);
        var missing = used.Where(name => !tags.ContainsKey(name)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException($"Describe the OpenAPI tags {string.Join(", ", missing)} in AddPlatformOpenApi.");
        }
        document.Tags = new HashSet<OpenApiTag>(tags.Select(tag => new OpenApiTag { Name = tag.Key, Description = tag.Value }));
        return Task.CompletedTask;
    }
}
