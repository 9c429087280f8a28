using Grpc.Core;
using ModelRisk.Contracts.Grpc.Inventory.V1;

namespace ModelRisk.Assessment.Inventory;

/// <summary>
/// Reads models from Inventory over gRPC with the caller's own token, so Inventory applies the caller's org scope:
/// a model the caller may not see is not found here either.
/// </summary>
public sealed class InventoryReader(InventoryService.InventoryServiceClient client, IHttpContextAccessor http, ILogger<InventoryReader> logger)
{
    /// <summary>The model, or null when it does not exist or the caller may not see it.</summary>
    public async Task<InventoryModel?> GetModelAsync(string id, CancellationToken ct)
    {
        var headers = new Metadata();
        if (http.HttpContext?.Request.Headers.Authorization.ToString() is { Length: > 0 } authorization)
        {
            headers.Add("authorization", authorization);
        }
        try
        {
            var model = await client.GetModelAsync(new GetModelRequest { Id = id }, headers, cancellationToken: ct);
            return new InventoryModel(model.Id, model.Org, model.Name, model.Owner, model.CreatedBy, Empty(model.IntendedUse),
                model.DeploymentEndpoints.Count, model.MonitoringLinks.Count,
                [.. model.Versions.Select(v => new InventoryVersion(v.Id, v.Version, v.CreatedBy))]);
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.NotFound or StatusCode.PermissionDenied or StatusCode.InvalidArgument)
        {
            logger.LogInformation("Inventory did not return model {ModelId}: {Status}", id, e.StatusCode);
            return null;
        }
    }

    private static string? Empty(string value) => value.Length == 0 ? null : value;
}
