using Microsoft.EntityFrameworkCore;
using ModelRisk.Inventory.Models;
using ModelRisk.ServiceKit.Data;

namespace ModelRisk.Inventory.Data;

/// <summary>
/// The Inventory database. Provider-specific subclasses exist only so that each provider keeps its own
/// migrations set; the model is defined once, in the configurations beside this file.
/// </summary>
public abstract class InventoryDbContext(DbContextOptions options) : ServiceDbContext(options)
{
    public const string ConnectionName = "inventory-db";

    /// <summary>Audit columns hold the caller's username or client id, which Keycloak allows up to 255 characters.</summary>
    public const int ActorMaxLength = 255;

    public DbSet<ModelRecord> Models => Set<ModelRecord>();
    public DbSet<ModelVersion> ModelVersions => Set<ModelVersion>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(InventoryDbContext).Assembly);
        base.OnModelCreating(modelBuilder);
    }
}

public sealed class SqliteInventoryDbContext(DbContextOptions<SqliteInventoryDbContext> options) : InventoryDbContext(options);

public sealed class SqlServerInventoryDbContext(DbContextOptions<SqlServerInventoryDbContext> options) : InventoryDbContext(options);
