using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using ModelRisk.Monitoring.Data;

namespace ModelRisk.Monitoring.Tests;

/// <summary>Each provider keeps its own migrations; both must match the model, and SQL Server's script must be re-runnable.</summary>
public sealed class MigrationTests
{
    [Fact]
    public void The_sql_server_migrations_generate_an_idempotent_script_with_the_point_key_and_the_delivery_log()
    {
        using var db = new SqlServerMonitoringDbContextFactory().CreateDbContext([]);
        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        Assert.Contains("CREATE TABLE [plans]", script);
        Assert.Contains("CREATE TABLE [points]", script);
        Assert.Contains("CONSTRAINT [PK_points] PRIMARY KEY ([ModelId], [Metric], [SeriesId], [At])", script);
        Assert.Contains("CREATE TABLE [alerts]", script);
        Assert.Contains("CREATE TABLE [breach_trackers]", script);
        Assert.Contains("CREATE UNIQUE INDEX [IX_plans_ActiveSlot] ON [plans] ([ActiveSlot]) WHERE [ActiveSlot] IS NOT NULL", script);
        Assert.Contains("CONSTRAINT [PK_log_batches] PRIMARY KEY ([ModelId], [Kind], [BatchId])", script);
        Assert.Contains("CREATE TABLE [webhook_deliveries]", script);
        Assert.Contains("IF NOT EXISTS", script);
    }

    [Fact]
    public void The_sql_server_context_has_no_pending_model_changes()
    {
        using var db = new SqlServerMonitoringDbContextFactory().CreateDbContext([]);
        Assert.NotEmpty(db.Database.GetMigrations());
        Assert.False(db.Database.HasPendingModelChanges(), "the model changed without a SQL Server migration (scripts/migrations.sh monitoring add <Name>)");
    }

    [Fact]
    public void The_sqlite_context_has_no_pending_model_changes()
    {
        using var db = new SqliteMonitoringDbContextFactory().CreateDbContext([]);
        Assert.NotEmpty(db.Database.GetMigrations());
        Assert.False(db.Database.HasPendingModelChanges(), "the model changed without a SQLite migration (scripts/migrations.sh monitoring add <Name>)");
    }
}
