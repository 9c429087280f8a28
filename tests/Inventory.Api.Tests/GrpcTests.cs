using System.Net;
using Grpc.Core;
using Grpc.Net.Client;
using ModelRisk.Contracts.Grpc.Inventory.V1;
using ModelRisk.Inventory.Tests.Infrastructure;
using ModelRisk.TestSupport;

namespace ModelRisk.Inventory.Tests;

/// <summary>The gRPC read API through the in-memory server, with the same tokens and org scoping as REST.</summary>
[Collection(InventoryCollection.Name)]
public sealed class GrpcTests(InventoryFactory factory) : IDisposable
{
    private readonly string _org = Api.NewOrg("grpc");
    private readonly GrpcChannel _channel = GrpcChannel.ForAddress(factory.Server.BaseAddress,
        new GrpcChannelOptions { HttpHandler = factory.Server.CreateHandler() });

    private InventoryService.InventoryServiceClient Client => new(_channel);

    private static Metadata Bearer(string token) => new() { { "authorization", $"Bearer {token}" } };

    public void Dispose() => _channel.Dispose();

    [Fact]
    public async Task GetModel_returns_the_model_with_its_versions_newest_first()
    {
        var rest = factory.ClientWithToken(TestIdentity.ModelOwner(_org));
        var model = await rest.RegisterModelAsync(_org, name: "Grpc model", tags: ["grpc", "pd"], description: "Via gRPC");
        (await rest.AddVersionAsync(model.Id, "1.0.0", "s3://m/1")).EnsureStatus(HttpStatusCode.Created);
        (await rest.AddVersionAsync(model.Id, "2.0.0", "s3://m/2")).EnsureStatus(HttpStatusCode.Created);

        var reply = await Client.GetModelAsync(new GetModelRequest { Id = model.Id }, Bearer(TestIdentity.ModelOwner(_org)));

        Assert.Equal(model.Id, reply.Id);
        Assert.Equal(_org, reply.Org);
        Assert.Equal(model.Key, reply.Key);
        Assert.Equal("Grpc model", reply.Name);
        Assert.Equal("Via gRPC", reply.Description);
        Assert.Equal("Classification", reply.ModelType);
        Assert.Equal("Proposed", reply.LifecycleStatus);
        Assert.Equal("Unassigned", reply.RiskTier);
        Assert.Equal(["grpc", "pd"], reply.Tags);
        Assert.Equal(3, reply.Revision);
        Assert.Equal(["2.0.0", "1.0.0"], reply.Versions.Select(v => v.Version));
        Assert.Equal("s3://m/2", reply.Versions[0].ArtifactUri);
        Assert.Equal("", reply.Versions[0].TrainingDataReference);
    }

    [Fact]
    public async Task Another_orgs_model_is_not_found()
    {
        var otherOrg = Api.NewOrg("grpc-b");
        var theirs = await factory.ClientWithToken(TestIdentity.ModelOwner(otherOrg)).RegisterModelAsync(otherOrg);

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            Client.GetModelAsync(new GetModelRequest { Id = theirs.Id }, Bearer(TestIdentity.ModelOwner(_org))).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, error.StatusCode);

        // An analyst, who works across orgs, reads it.
        var reply = await Client.GetModelAsync(new GetModelRequest { Id = theirs.Id }, Bearer(TestIdentity.RiskAnalyst()));
        Assert.Equal(otherOrg, reply.Org);
    }

    [Fact]
    public async Task Without_a_token_the_call_is_unauthenticated()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => Client.GetModelAsync(new GetModelRequest { Id = "anything" }).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);

        var forged = await Assert.ThrowsAsync<RpcException>(() => Client.ListModelsAsync(new ListModelsRequest(),
            Bearer(TestIdentity.Token("mallory", ["risk-analyst"], key: TestIdentity.UntrustedKey))).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, forged.StatusCode);
    }

    [Fact]
    public async Task A_role_without_inventory_access_is_denied()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            Client.ListModelsAsync(new ListModelsRequest(), Bearer(TestIdentity.Token("ops", ["operator"], [_org]))).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
    }

    [Fact]
    public async Task ListModels_filters_and_pages()
    {
        var rest = factory.ClientWithToken(TestIdentity.ModelOwner(_org));
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await rest.RegisterModelAsync(_org, name: $"Listed {i}")).Id);
        }
        await factory.TierAsync(ids[3], _org, "High");
        var token = Bearer(TestIdentity.ModelOwner(_org));

        var seen = new List<string>();
        var cursor = "";
        var pages = 0;
        do
        {
            var page = await Client.ListModelsAsync(new ListModelsRequest { Org = _org, Limit = 2, Cursor = cursor }, token);
            Assert.True(page.Models.Count <= 2);
            seen.AddRange(page.Models.Select(m => m.Id));
            cursor = page.NextCursor;
            Assert.True(++pages <= 5, "paging does not end");
        }
        while (cursor != "");
        Assert.Equal(3, pages);
        Assert.Equal(ids.Order(StringComparer.Ordinal), seen);

        var high = await Client.ListModelsAsync(new ListModelsRequest { Org = _org, RiskTier = "High" }, token);
        Assert.Equal([ids[3]], high.Models.Select(m => m.Id));
        var proposed = await Client.ListModelsAsync(new ListModelsRequest { Org = _org, LifecycleStatus = "Proposed", RiskTier = "Unassigned" }, token);
        Assert.Equal(4, proposed.Models.Count);

        // Scoped like REST: another org's owner lists none of them.
        var otherOrg = Api.NewOrg("grpc-c");
        var other = await Client.ListModelsAsync(new ListModelsRequest { Org = _org }, Bearer(TestIdentity.ModelOwner(otherOrg)));
        Assert.Empty(other.Models);
    }

    [Fact]
    public async Task ListModels_returns_each_models_versions_as_GetModel_does()
    {
        var rest = factory.ClientWithToken(TestIdentity.ModelOwner(_org));
        var model = await rest.RegisterModelAsync(_org);
        (await rest.AddVersionAsync(model.Id, "1.0.0", "s3://m/1")).EnsureStatus(HttpStatusCode.Created);
        (await rest.AddVersionAsync(model.Id, "1.1.0", "s3://m/2")).EnsureStatus(HttpStatusCode.Created);
        var unversioned = await rest.RegisterModelAsync(_org);
        var token = Bearer(TestIdentity.ModelOwner(_org));

        var listed = (await Client.ListModelsAsync(new ListModelsRequest { Org = _org }, token)).Models.ToDictionary(m => m.Id);
        var single = await Client.GetModelAsync(new GetModelRequest { Id = model.Id }, token);

        Assert.Equal(["1.1.0", "1.0.0"], listed[model.Id].Versions.Select(v => v.Version));
        Assert.Equal(single.Versions, listed[model.Id].Versions);
        Assert.Empty(listed[unversioned.Id].Versions);
    }

    [Theory]
    [InlineData("Extreme", "", 0, "", "risk_tier")]
    [InlineData("", "Deployed", 0, "", "lifecycle_status")]
    [InlineData("", "", 1000, "", "limit")]
    [InlineData("", "", 0, "garbage", "cursor")]
    public async Task Bad_arguments_are_invalid_argument_naming_the_field(string tier, string status, int limit, string cursor, string field)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => Client.ListModelsAsync(
            new ListModelsRequest { RiskTier = tier, LifecycleStatus = status, Limit = limit, Cursor = cursor },
            Bearer(TestIdentity.ModelOwner(_org))).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains(field, error.Status.Detail);
    }
}
