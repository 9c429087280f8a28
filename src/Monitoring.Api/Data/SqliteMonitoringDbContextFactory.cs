using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace ModelRisk.Monitoring.Data;

// Design-time factories so `dotnet ef` builds each provider's migrations without starting the service.
public sealed class SqliteMonitoringDbContextFactory : IDesignTimeDbContextFactory<SqliteMonitoringDbContext>
{
    public SqliteMonitoringDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteMonitoringDbContext>().UseSqlite("Data Source=design-time.db").Options);
}
