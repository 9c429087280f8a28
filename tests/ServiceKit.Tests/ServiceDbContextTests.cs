using Microsoft.EntityFrameworkCore;
using ModelRisk.Messaging.Outbox;

namespace ModelRisk.ServiceKit.Tests;

public sealed class ServiceDbContextTests
{
    [Fact]
    public async Task Saving_an_aggregate_stages_its_raised_events_in_the_outbox_in_the_same_save()
    {
        var (connection, create) = WidgetDb.InMemory();
        await using var _ = connection;
        await using (var db = create())
        {
            var widget = Widget.Create("w1", "red");
            db.Widgets.Add(widget);
            await db.SaveChangesAsync();
            Assert.Empty(widget.PendingEvents);
        }

        await using var read = create();
        var row = Assert.Single(await read.Set<OutboxMessage>().ToListAsync());
        Assert.Contains("ModelRegistered", row.MessageType, StringComparison.Ordinal);
        Assert.Single(await read.Widgets.ToListAsync());
    }

    [Fact]
    public async Task A_failed_save_writes_neither_the_change_nor_its_events()
    {
        var (connection, create) = WidgetDb.InMemory();
        await using var _ = connection;
        await using (var db = create())
        {
            db.Widgets.Add(Widget.Create("same", "red"));
            await db.SaveChangesAsync();
        }

        await using (var db = create())
        {
            db.Widgets.Add(Widget.Create("same", "blue"));
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        }

        await using var read = create();
        Assert.Equal(1, await read.Set<OutboxMessage>().CountAsync());
    }
}
