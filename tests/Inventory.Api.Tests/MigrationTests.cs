using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using ModelRisk.Inventory.Data;

namespace ModelRisk.Inventory.Tests;

/// <summary>Each provider keeps its own migrations; both must match the model, and SQL Server's script must be re-runnable.</summary>
public sealed class MigrationTests
{
    [Fact]
    public void The_sql_server_migrations_generate_an_idempotent_script()
    {
        using var db = new SqlServerInventoryDbContextFactory().CreateDbContext([]);
        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        Assert.Contains("CREATE TABLE [models]", script);
        Assert.Contains("CREATE TABLE [model_versions]", script);
        Assert.Contains("CREATE TABLE [outbox_messages]", script);
        // Idempotent: every migration is guarded by a check of the history table.
        Assert.Contains("IF NOT EXISTS", script);
        Assert.Contains("__EFMigrationsHistory", script);
    }

    [Fact]
    public void The_sql_server_context_has_no_pending_model_changes()
    {
        using var db = new SqlServerInventoryDbContextFactory().CreateDbContext([]);
        Assert.NotEmpty(db.Database.GetMigrations());
        Assert.False(db.Database.HasPendingModelChanges(), "the model changed without a SQL Server migration (dotnet ef migrations add)");
    }

    [Fact]
    public void The_sqlite_context_has_no_pending_model_changes()
    {
        using var db = new SqliteInventoryDbContextFactory().CreateDbContext([]);
        Assert.NotEmpty(db.Database.GetMigrations());
        Assert.False(db.Database.HasPendingModelChanges(), "the model changed without a SQLite migration (dotnet ef migrations add)");
    }
}
