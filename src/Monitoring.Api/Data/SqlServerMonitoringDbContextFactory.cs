using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace ModelRisk.Monitoring.Data;

public sealed class SqlServerMonitoringDbContextFactory : IDesignTimeDbContextFactory<SqlServerMonitoringDbContext>
{
    public SqlServerMonitoringDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqlServerMonitoringDbContext>().UseSqlServer("Server=design-time;Database=monitoring;Trusted_Connection=False").Options);
}
