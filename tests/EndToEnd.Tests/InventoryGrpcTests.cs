using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting.Testing;
using Grpc.Core;
using Grpc.Net.Client;
using ModelRisk.Contracts.Grpc.Inventory.V1;

namespace ModelRisk.EndToEnd.Tests;

/// <summary>Other services read the inventory over cleartext HTTP/2 on its own endpoint; this calls it as they will.</summary>
[Collection(PlatformCollection.Name)]
public sealed class InventoryGrpcTests(PlatformFixture platform)
{
    [Fact]
    public async Task Another_service_reads_a_model_over_grpc_within_the_callers_orgs()
    {
        var owner = await platform.SignInAsync("olivia.owner", "dev-only-olivia-pw");
        var key = "grpc-" + Guid.NewGuid().ToString("N")[..12];
        using var create = new HttpRequestMessage(HttpMethod.Post, "/api/inventory/models")
        {
            Content = JsonContent.Create(new { org = "acme-lending", key, name = "gRPC read", modelType = "Ranking", owner = "olivia.owner" }),
        };
        create.Headers.Authorization = new AuthenticationHeaderValue("Bearer", owner);
        using var created = await platform.Gateway.SendAsync(create);
        created.EnsureSuccessStatusCode();
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        using var channel = GrpcChannel.ForAddress(platform.App.GetEndpoint("inventory", "grpc"));
        var client = new InventoryService.InventoryServiceClient(channel);

        var model = await client.GetModelAsync(new GetModelRequest { Id = id }, Bearer(owner));
        Assert.Equal((key, "acme-lending", "Ranking"), (model.Key, model.Org, model.ModelType));

        var otherOrg = await platform.SignInAsync("nate.owner", "dev-only-nate-pw");
        var hidden = await Assert.ThrowsAsync<RpcException>(async () => await client.GetModelAsync(new GetModelRequest { Id = id }, Bearer(otherOrg)));
        Assert.Equal(StatusCode.NotFound, hidden.StatusCode);

        var anonymous = await Assert.ThrowsAsync<RpcException>(async () => await client.GetModelAsync(new GetModelRequest { Id = id }));
        Assert.Equal(StatusCode.Unauthenticated, anonymous.StatusCode);
    }

    private static Metadata Bearer(string token) => new() { { "authorization", "Bearer " + token } };
}
