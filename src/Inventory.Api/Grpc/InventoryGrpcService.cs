using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using ModelRisk.Contracts.Grpc.Inventory.V1;
using ModelRisk.Inventory.Data;
using ModelRisk.Inventory.Features.Models;
using ModelRisk.Inventory.Models;
using ModelRisk.ServiceDefaults.Identity;
using ModelRisk.ServiceKit.Http;
using ModelRisk.ServiceKit.Paging;

namespace ModelRisk.Inventory.Grpc;

/// <summary>Read access for other services, scoped to the caller's orgs exactly like the REST API.</summary>
[Authorize(Policy = PlatformPolicies.InventoryRead)]
public sealed class InventoryGrpcService(InventoryDbContext db) : InventoryService.InventoryServiceBase
{
    public override async Task<Model> GetModel(GetModelRequest request, ServerCallContext context)
    {
        var caller = context.GetHttpContext().User;
        var model = await db.Models.AsNoTracking().Include(m => m.Versions).VisibleTo(caller.ReadScope())
            .FirstOrDefaultAsync(m => m.Id == request.Id, context.CancellationToken)
            ?? throw new RpcException(new Status(StatusCode.NotFound, $"No model '{request.Id}' in the orgs you may see."));
        return ToMessage(model);
    }

    public override async Task<ListModelsResponse> ListModels(ListModelsRequest request, ServerCallContext context)
    {
        var caller = context.GetHttpContext().User;
        var errors = new List<string>();
        RiskTier? tier = ParseEnum<RiskTier>(request.RiskTier, "risk_tier", errors);
        LifecycleStatus? status = ParseEnum<LifecycleStatus>(request.LifecycleStatus, "lifecycle_status", errors);
        var limit = request.Limit == 0 ? KeysetPaging.DefaultLimit : request.Limit;
        var cursor = string.IsNullOrEmpty(request.Cursor) ? null : request.Cursor;
        var filter = new ModelFilter(Empty(request.Org), tier, status, null, null, null);
        errors.AddRange(ModelQueries.Validate(filter, limit, cursor).Select(e => $"{e.Key}: {string.Join(' ', e.Value)}"));
        if (errors.Count > 0)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, string.Join("; ", errors)));
        }
        // Versions too, as GetModel returns them: one Model message means the same in both calls.
        var page = await db.Models.Include(m => m.Versions).VisibleTo(caller.ReadScope()).Matching(filter).PageAsync(limit, cursor, context.CancellationToken);
        var response = new ListModelsResponse { NextCursor = page.NextCursor ?? "" };
        response.Models.AddRange(page.Items.Select(ToMessage));
        return response;
    }

    private static string? Empty(string value) => string.IsNullOrEmpty(value) ? null : value;

    private static TEnum? ParseEnum<TEnum>(string value, string field, List<string> errors) where TEnum : struct, System.Enum
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }
        if (System.Enum.TryParse<TEnum>(value, ignoreCase: true, out var parsed) && System.Enum.IsDefined(parsed))
        {
            return parsed;
        }
        errors.Add($"{field}: one of {string.Join(", ", System.Enum.GetNames<TEnum>())}");
        return null;
    }

    private static Model ToMessage(ModelRecord m)
    {
        var message = new Model
        {
            Id = m.Id,
            Org = m.Org,
            Key = m.Key,
            Name = m.Name,
            Description = m.Description ?? "",
            Owner = m.Owner,
            ModelType = m.ModelType.ToString(),
            LifecycleStatus = m.LifecycleStatus.ToString(),
            RiskTier = m.RiskTier.ToString(),
            UpdatedAt = Timestamp.FromDateTimeOffset(m.UpdatedAt),
            Revision = m.Revision,
            CreatedBy = m.CreatedBy,
            IntendedUse = m.IntendedUse ?? "",
            DeveloperTeam = m.DeveloperTeam ?? "",
        };
        message.Tags.AddRange(m.Tags);
        message.DeploymentEndpoints.AddRange(m.DeploymentEndpoints.Select(e => new ModelRisk.Contracts.Grpc.Inventory.V1.DeploymentEndpoint
        {
            Environment = e.Environment,
            Url = e.Url,
            Region = e.Region ?? "",
        }));
        message.MonitoringLinks.AddRange(m.MonitoringLinks.Select(l => new ModelRisk.Contracts.Grpc.Inventory.V1.MonitoringLink { Label = l.Label, Url = l.Url }));
        message.Versions.AddRange(m.Versions.OrderByDescending(v => v.CreatedAt).ThenByDescending(v => v.Id).Select(v => new ModelRisk.Contracts.Grpc.Inventory.V1.ModelVersion
        {
            Id = v.Id,
            Version = v.Version,
            ArtifactUri = v.ArtifactUri,
            TrainingDataReference = v.TrainingDataReference ?? "",
            CreatedAt = Timestamp.FromDateTimeOffset(v.CreatedAt),
            CreatedBy = v.CreatedBy,
        }));
        return message;
    }
}
