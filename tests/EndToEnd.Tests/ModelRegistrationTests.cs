using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using ModelRisk.Contracts.Inventory.V1;

namespace ModelRisk.EndToEnd.Tests;

[Collection(PlatformCollection.Name)]
public sealed class ModelRegistrationTests(PlatformFixture platform)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_model_registered_through_the_gateway_is_listed_and_its_event_reaches_a_consumer()
    {
        var received = new TaskCompletionSource<ModelRegistered>(TaskCreationOptions.RunContinuationsAsynchronously);
        var key = "e2e-" + Guid.NewGuid().ToString("N")[..12];
        var bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(new Uri(platform.RabbitMqConnectionString));
            cfg.ReceiveEndpoint("e2e-model-registered-" + key, endpoint =>
            {
                endpoint.AutoDelete = true;
                endpoint.Durable = false;
                endpoint.Handler<ModelRegistered>(context =>
                {
                    if (context.Message.Key == key)
                    {
                        received.TrySetResult(context.Message);
                    }
                    return Task.CompletedTask;
                });
            });
        });
        await bus.StartAsync(new CancellationTokenSource(Deadline).Token);
        try
        {
            var token = await platform.SignInAsync("olivia.owner", "dev-only-olivia-pw");
            using var create = new HttpRequestMessage(HttpMethod.Post, "/api/inventory/models")
            {
                Content = JsonContent.Create(new { org = "acme-lending", key, name = "E2E scorecard", modelType = "Classification", owner = "olivia.owner" }),
            };
            create.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var created = await platform.Gateway.SendAsync(create);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var model = await created.Content.ReadFromJsonAsync<JsonElement>();
            var id = model.GetProperty("id").GetString();

            using var list = new HttpRequestMessage(HttpMethod.Get, $"/api/inventory/models?org=acme-lending&q={key}");
            list.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var listed = await platform.Gateway.SendAsync(list);
            Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
            var items = (await listed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items");
            Assert.Equal(id, Assert.Single(items.EnumerateArray()).GetProperty("id").GetString());

            var registered = await received.Task.WaitAsync(Deadline);
            Assert.Equal(id, registered.ModelId);
            Assert.Equal("acme-lending", registered.Org);
            Assert.Equal("olivia.owner", registered.Actor);
        }
        finally
        {
            await bus.StopAsync();
        }
    }

    [Fact]
    public async Task The_gateway_refuses_a_request_without_a_token_and_a_user_of_another_org()
    {
        using var anonymous = await platform.Gateway.GetAsync("/api/inventory/models");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

        var owner = await platform.SignInAsync("nate.owner", "dev-only-nate-pw");
        using var create = new HttpRequestMessage(HttpMethod.Post, "/api/inventory/models")
        {
            Content = JsonContent.Create(new { org = "acme-lending", key = "not-mine", name = "Not mine", modelType = "Regression", owner = "nate" }),
        };
        create.Headers.Authorization = new AuthenticationHeaderValue("Bearer", owner);
        using var refused = await platform.Gateway.SendAsync(create);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }
}
