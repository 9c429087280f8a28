using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace ModelRisk.Assessment.Data;

// Design-time factories so `dotnet ef` builds each provider's migrations without starting the service.
public sealed class SqliteAssessmentDbContextFactory : IDesignTimeDbContextFactory<SqliteAssessmentDbContext>
{
    public SqliteAssessmentDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteAssessmentDbContext>().UseSqlite("Data Source=design-time.db").Options);
}
