using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace ModelRisk.Findings.Data;

// Design-time factories so `dotnet ef` builds each provider's migrations without starting the service.
public sealed class SqliteFindingsDbContextFactory : IDesignTimeDbContextFactory<SqliteFindingsDbContext>
{
    public SqliteFindingsDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteFindingsDbContext>().UseSqlite("Data Source=design-time.db").Options);
}
