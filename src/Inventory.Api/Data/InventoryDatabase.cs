using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace ModelRisk.Inventory.Data;

public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
}

public static class InventoryDatabase
{
    public const string ConnectionName = "inventory-db";

    /// <summary>Registers <see cref="InventoryDbContext"/> on the provider chosen by <c>Database:Provider</c> (SQLite by default).</summary>
    public static IHostApplicationBuilder AddInventoryDatabase(this IHostApplicationBuilder builder)
    {
        var provider = builder.Configuration.GetValue("Database:Provider", DatabaseProvider.Sqlite);
        var connectionString = builder.Configuration.GetConnectionString(ConnectionName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            connectionString = provider == DatabaseProvider.Sqlite
                ? $"Data Source={Path.Combine(builder.Environment.ContentRootPath, "inventory.db")}"
                : throw new InvalidOperationException($"ConnectionStrings:{ConnectionName} is required for SQL Server.");
        }

        if (provider == DatabaseProvider.SqlServer)
        {
            builder.Services.AddDbContext<InventoryDbContext, SqlServerInventoryDbContext>(o =>
                o.UseSqlServer(connectionString, sql => sql.EnableRetryOnFailure()));
        }
        else
        {
            builder.Services.AddDbContext<InventoryDbContext, SqliteInventoryDbContext>(o => o.UseSqlite(connectionString));
        }
        builder.Services.AddHealthChecks().AddDbContextCheck<InventoryDbContext>("inventory-db", tags: [ServiceDefaultsExtensions.ReadinessTag]);
        return builder;
    }

    /// <summary>Applies pending migrations; run as its own step (<c>--migrate</c>) before the service starts, never in request handling.</summary>
    public static async Task MigrateAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InventoryDbContext>();
        await db.Database.MigrateAsync(cancellationToken);
    }
}

// Design-time factories so `dotnet ef` builds each provider's migrations without starting the service.
public sealed class SqliteInventoryDbContextFactory : IDesignTimeDbContextFactory<SqliteInventoryDbContext>
{
    public SqliteInventoryDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteInventoryDbContext>().UseSqlite("Data Source=design-time.db").Options);
}

public sealed class SqlServerInventoryDbContextFactory : IDesignTimeDbContextFactory<SqlServerInventoryDbContext>
{
    public SqlServerInventoryDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqlServerInventoryDbContext>().UseSqlServer("Server=design-time;Database=inventory;Trusted_Connection=False").Options);
}
