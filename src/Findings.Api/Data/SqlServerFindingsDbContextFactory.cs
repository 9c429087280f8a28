using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace ModelRisk.Findings.Data;

public sealed class SqlServerFindingsDbContextFactory : IDesignTimeDbContextFactory<SqlServerFindingsDbContext>
{
    public SqlServerFindingsDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqlServerFindingsDbContext>().UseSqlServer("Server=design-time;Database=findings;Trusted_Connection=False").Options);
}
