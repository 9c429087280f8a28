using Microsoft.Extensions.DependencyInjection;
using ModelRisk.Inventory.Data;
using ModelRisk.Inventory.Models;
using ModelRisk.Inventory.Tests.Infrastructure;

namespace ModelRisk.Inventory.Tests;

/// <summary>
/// Requests share pooled contexts (ADR 060): building a context and EF's services for each request was a tenth of a
/// GET's CPU. A pooled context must come back to the next request as clean as a new one.
/// </summary>
public sealed class DbContextPoolingTests : IAsyncLifetime
{
    private readonly InventoryFactory _factory = new();

    public Task InitializeAsync() => _factory.InitializeAsync();

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Requests_reuse_pooled_contexts()
    {
        // Background work (the outbox dispatcher) takes contexts from the same pool, so one request's context may go
        // to it in between; over many requests, reuse still shows. Without pooling every scope builds a new one.
        const int requests = 20;
        var seen = new HashSet<InventoryDbContext>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < requests; i++)
        {
            await using var scope = _factory.Services.CreateAsyncScope();
            seen.Add(scope.ServiceProvider.GetRequiredService<InventoryDbContext>());
        }

        Assert.True(seen.Count <= requests / 2, $"{seen.Count} distinct contexts for {requests} requests");
    }

    [Fact]
    public async Task A_reused_context_forgets_what_the_last_request_left_unsaved()
    {
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<InventoryDbContext>();
            var details = ModelDetails.Empty with { Name = "Unsaved", Owner = "alice", ModelType = ModelType.Classification };
            db.Models.Add(ModelRecord.Register("unsaved", details, "acme-lending", "unsaved", "alice", DateTimeOffset.UnixEpoch));
        }
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<InventoryDbContext>();
            Assert.Empty(db.ChangeTracker.Entries());
            Assert.Equal(0, db.Models.Count());
        }
    }
}
