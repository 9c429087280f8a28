using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using ModelRisk.Findings.Data;

namespace ModelRisk.Findings.Tests;

/// <summary>Each provider keeps its own migrations; both must match the model, and SQL Server's script must be re-runnable.</summary>
public sealed class MigrationTests
{
    [Fact]
    public void The_sql_server_migrations_generate_an_idempotent_script_with_the_unique_source_key_and_the_sweep_index()
    {
        using var db = new SqlServerFindingsDbContextFactory().CreateDbContext([]);
        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        Assert.Contains("CREATE TABLE [findings]", script);
        Assert.Contains("CREATE TABLE [incidents]", script);
        Assert.Contains("CREATE TABLE [webhook_deliveries]", script);
        Assert.Contains("CREATE UNIQUE INDEX [IX_findings_SourceKey]", script);
        Assert.Contains("CREATE INDEX [IX_findings_NextSweepAt]", script);
        Assert.Contains("IF NOT EXISTS", script);
    }

    [Fact]
    public void The_sql_server_context_has_no_pending_model_changes()
    {
        using var db = new SqlServerFindingsDbContextFactory().CreateDbContext([]);
        Assert.NotEmpty(db.Database.GetMigrations());
        Assert.False(db.Database.HasPendingModelChanges(), "the model changed without a SQL Server migration (scripts/migrations.sh findings add <Name>)");
    }

    [Fact]
    public void The_sqlite_context_has_no_pending_model_changes()
    {
        using var db = new SqliteFindingsDbContextFactory().CreateDbContext([]);
        Assert.NotEmpty(db.Database.GetMigrations());
        Assert.False(db.Database.HasPendingModelChanges(), "the model changed without a SQLite migration (scripts/migrations.sh findings add <Name>)");
    }
}
