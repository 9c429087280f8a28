using System.Text.Json;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace ModelRisk.ServiceDefaults.OpenApi;

/// <summary>
/// Names query parameters in camelCase, the public API's style (<c>?org=&amp;limit=</c>), where an
/// <c>[AsParameters]</c> record would show its C# property names. Query keys bind case-insensitively, so both work.
/// </summary>
public static class CamelCaseQueryParameters
{
    public static Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var parameter in (operation.Parameters ?? []).OfType<OpenApiParameter>().Where(p => p.In == ParameterLocation.Query && p.Name is not null))
        {
            parameter.Name = JsonNamingPolicy.CamelCase.ConvertName(parameter.Name!);
        }
        return Task.CompletedTask;
    }
}
