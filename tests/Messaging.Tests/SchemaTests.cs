using Microsoft.EntityFrameworkCore;
using ModelRisk.Messaging.Outbox;
using ModelRisk.Messaging.Tests.Infrastructure;

namespace ModelRisk.Messaging.Tests;

public sealed class SchemaTests
{
    [Fact]
    public void The_tables_build_for_SQL_Server()
    {
        // Generated offline: no server is needed to check the model maps to SQL Server.
        var options = new DbContextOptionsBuilder<TestDbContext>()
            .UseSqlServer("Server=unused;Database=unused;Encrypt=false")
            .Options;
        using var db = new TestDbContext(options);

        var script = db.Database.GenerateCreateScript();

        Assert.Contains("CREATE TABLE [outbox_messages]", script, StringComparison.Ordinal);
        Assert.Contains("[id] bigint NOT NULL IDENTITY", script, StringComparison.Ordinal);
        Assert.Contains("CREATE TABLE [outbox_lease]", script, StringComparison.Ordinal);
        Assert.Contains("CREATE TABLE [inbox_messages]", script, StringComparison.Ordinal);
        Assert.Contains("CONSTRAINT [PK_inbox_messages] PRIMARY KEY ([message_id], [consumer])", script, StringComparison.Ordinal);
        Assert.Contains("CREATE UNIQUE INDEX [IX_outbox_messages_message_id]", script, StringComparison.Ordinal);
    }

    [Fact]
    public void The_dispatch_query_translates_for_SQL_Server()
    {
        var options = new DbContextOptionsBuilder<TestDbContext>()
            .UseSqlServer("Server=unused;Database=unused;Encrypt=false")
            .Options;
        using var db = new TestDbContext(options);

        var sql = db.Set<OutboxMessage>()
            .Where(m => m.DispatchedAt == null && m.ParkedAt == null)
            .OrderBy(m => m.Id)
            .Take(100)
            .ToQueryString();

        Assert.Contains("ORDER BY [o].[id]", sql, StringComparison.Ordinal);
    }

    [Fact]
    public void The_lease_compares_and_sets_expiry_on_the_SQL_Server_clock()
    {
        var options = new DbContextOptionsBuilder<TestDbContext>()
            .UseSqlServer("Server=unused;Database=unused;Encrypt=false")
            .Options;
        using var db = new TestDbContext(options);
        var milliseconds = 30_000d;

        // The same expressions the lease's conditional update uses, as a query (an update cannot be printed offline).
        var sql = db.Set<OutboxLease>()
            .Where(l => l.ExpiresAt < DateTime.UtcNow)
            .Select(l => DateTime.UtcNow.AddMilliseconds(milliseconds))
            .ToQueryString();

        Assert.Contains("< GETUTCDATE()", sql, StringComparison.Ordinal);
        Assert.Contains("DATEADD(millisecond", sql, StringComparison.Ordinal);
    }
}
