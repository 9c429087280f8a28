using System.Net;
using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModelRisk.Contracts.Inventory.V1;
using ModelRisk.Inventory.Data;
using ModelRisk.Inventory.Models;
using ModelRisk.Inventory.Tests.Infrastructure;
using ModelRisk.Messaging;
using ModelRisk.Messaging.Outbox;
using ModelRisk.TestSupport;

namespace ModelRisk.Inventory.Tests;

/// <summary>Each change writes its event to the outbox with the change; the dispatcher delivers it to the bus.</summary>
[Collection(InventoryCollection.Name)]
public sealed class EventsTests(InventoryFactory factory)
{
    private readonly string _org = Api.NewOrg("evt");

    private HttpClient Owner => factory.ClientWithToken(TestIdentity.ModelOwner(_org));

    private async Task PublishedAsync<T>(Func<T, bool> match, string what) where T : class
    {
        var harness = factory.Harness;
        await Wait.UntilAsync(() => harness.Published.Any<T>(x => match(x.Context.Message)), what);
    }

    private async Task DispatchedAsync<T>(string modelId)
    {
        await Wait.UntilAsync(async () =>
        {
            var rows = await factory.OutboxRowsAsync<T>(modelId);
            return rows.Count > 0 && rows.All(r => r.DispatchedAt is not null);
        }, $"the {typeof(T).Name} row of {modelId} is marked dispatched");
        var row = Assert.Single(await factory.OutboxRowsAsync<T>(modelId));
        Assert.Null(row.ParkedAt);
        Assert.Null(row.LastError);
    }

    [Fact]
    public async Task Every_change_is_published_and_its_outbox_row_marked_dispatched()
    {
        var model = await Owner.RegisterModelAsync(_org);
        await PublishedAsync<ModelRegistered>(m => m.ModelId == model.Id && m.Org == _org && m.Key == model.Key, "ModelRegistered is published");
        await DispatchedAsync<ModelRegistered>(model.Id);

        (await Owner.PatchAsync(model.Id, new { description = "Now described" }, "\"1\"")).EnsureStatus(HttpStatusCode.OK);
        // It carries the name and owner after the change, for the services that keep a copy of them (Monitoring).
        await PublishedAsync<ModelUpdated>(m => m.ModelId == model.Id && m.ChangedFields.SequenceEqual(["description"])
            && m.Name == model.Name && m.Owner == model.Owner && m.Owner is { Length: > 0 }, "ModelUpdated is published with the name and owner");
        await DispatchedAsync<ModelUpdated>(model.Id);

        (await Owner.AddVersionAsync(model.Id, "1.0.0")).EnsureStatus(HttpStatusCode.Created);
        await PublishedAsync<ModelVersionAdded>(m => m.ModelId == model.Id && m.Version == "1.0.0", "ModelVersionAdded is published");
        await DispatchedAsync<ModelVersionAdded>(model.Id);

        (await Owner.TransitionAsync(model.Id, "InDevelopment", "*")).EnsureStatus(HttpStatusCode.OK);
        await PublishedAsync<ModelLifecycleChanged>(m => m.ModelId == model.Id && m.To == "InDevelopment", "ModelLifecycleChanged is published");
        await DispatchedAsync<ModelLifecycleChanged>(model.Id);

        await factory.TierAsync(model.Id, _org, "Low");
        await PublishedAsync<RiskTierChanged>(m => m.ModelId == model.Id && m.To == "Low", "RiskTierChanged is published");
        await DispatchedAsync<RiskTierChanged>(model.Id);
    }

    [Fact]
    public async Task The_published_message_carries_the_outbox_message_id()
    {
        var model = await Owner.RegisterModelAsync(_org);
        await DispatchedAsync<ModelRegistered>(model.Id);
        var row = Assert.Single(await factory.OutboxRowsAsync<ModelRegistered>(model.Id));
        // Downstream inboxes recognise a redelivery by this id.
        await PublishedAsync<ModelRegistered>(m => m.ModelId == model.Id, "ModelRegistered is published");
        Assert.True(await factory.Harness.Published.Any<ModelRegistered>(x => x.Context.Message.ModelId == model.Id && x.Context.MessageId == row.MessageId));
    }

    [Fact]
    public async Task An_event_is_written_in_the_same_save_as_its_change()
    {
        // A SaveChanges that fails (here: the unique org+key index) writes neither the model nor its event.
        var existing = await Owner.RegisterModelAsync(_org);
        var outboxBefore = await factory.OutboxCountAsync();

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<InventoryDbContext>();
            var now = DateTimeOffset.UtcNow;
            // The aggregate raises ModelRegistered; the save hook stages it in the same transaction.
            db.Models.Add(ModelRecord.Register(Guid.NewGuid().ToString("N"), ModelDetails.Empty with { Name = "Clash", Owner = "x" }, _org, existing.Key, "test", now));
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        }

        Assert.Equal(outboxBefore, await factory.OutboxCountAsync());
        Assert.Equal(1, await factory.ModelCountAsync(_org));
    }

    [Fact]
    public async Task A_refused_change_stores_no_event()
    {
        var model = await Owner.RegisterModelAsync(_org);
        var before = await factory.QueryAsync(db => db.Set<OutboxMessage>().CountAsync(m => m.Body.Contains(model.Id)));

        await (await Owner.TransitionAsync(model.Id, "Approved", "*")).ProblemAsync(HttpStatusCode.Conflict);
        await (await Owner.TransitionAsync(model.Id, "InProduction", "*")).ProblemAsync(HttpStatusCode.Conflict);
        await (await Owner.PatchAsync(model.Id, new { name = "x" }, "\"9\"")).ProblemAsync(HttpStatusCode.PreconditionFailed);
        await (await Owner.AddVersionAsync(model.Id, "")).ValidationProblemAsync("version");

        Assert.Equal(before, await factory.QueryAsync(db => db.Set<OutboxMessage>().CountAsync(m => m.Body.Contains(model.Id))));
    }
}
