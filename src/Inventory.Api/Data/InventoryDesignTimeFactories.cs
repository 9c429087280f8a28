using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace ModelRisk.Inventory.Data;

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
