using System.Collections.Concurrent;
using Grpc.Core;
using ModelRisk.Contracts.Grpc.Inventory.V1;

namespace ModelRisk.Assessment.Tests.Infrastructure;

/// <summary>
/// Inventory's gRPC client answering from models the test registers, scoped like Inventory: a caller sees a model
/// when its token's orgs include the model's org or it holds a cross-org role. The token is read from the call's
/// authorization header, exactly what the real client sends.
/// </summary>
public sealed class FakeInventory : InventoryService.InventoryServiceClient
{
    private readonly ConcurrentDictionary<string, Model> _models = new();

    public bool Unavailable { get; set; }

    public Model Add(string org, string owner = "olivia.owner", string registeredBy = "rita.registrant", string versionAuthor = "dev.one",
        bool withMonitoring = true)
    {
        var model = new Model
        {
            Id = Guid.NewGuid().ToString("N"), Org = org, Key = "m-" + Guid.NewGuid().ToString("N")[..8], Name = "Credit PD", Owner = owner,
            CreatedBy = registeredBy, IntendedUse = "Probability of default", ModelType = "Classification",
        };
        model.Versions.Add(new ModelVersion { Id = Guid.NewGuid().ToString("N"), Version = "1.0.0", CreatedBy = versionAuthor });
        model.DeploymentEndpoints.Add(new DeploymentEndpoint { Environment = "prod", Url = "https://score.example.test" });
        if (withMonitoring)
        {
            model.MonitoringLinks.Add(new MonitoringLink { Label = "Grafana", Url = "https://grafana.example.test/d/1" });
        }
        _models[model.Id] = model;
        return model;
    }

    public override AsyncUnaryCall<Model> GetModelAsync(GetModelRequest request, Metadata? headers = null, DateTime? deadline = null, CancellationToken cancellationToken = default)
    {
        if (Unavailable)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, "inventory is down"));
        }
        var token = headers?.GetValue("authorization")?["Bearer ".Length..];
        var jwt = token is null ? null : new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(token);
        var orgs = jwt?.Claims.Where(c => c.Type == "org").Select(c => c.Value).ToHashSet() ?? [];
        var crossOrg = jwt?.Claims.Any(c => c.Type == "realm_access" && (c.Value.Contains("risk-analyst", StringComparison.Ordinal)
            || c.Value.Contains("approver", StringComparison.Ordinal) || c.Value.Contains("auditor", StringComparison.Ordinal)
            || c.Value.Contains("platform-admin", StringComparison.Ordinal))) ?? false;
        if (!_models.TryGetValue(request.Id, out var model) || (!crossOrg && !orgs.Contains(model.Org)))
        {
            throw new RpcException(new Status(StatusCode.NotFound, "not found"));
        }
        return new AsyncUnaryCall<Model>(Task.FromResult(model.Clone()), Task.FromResult(new Metadata()), () => Status.DefaultSuccess, () => [], () => { });
    }
}
