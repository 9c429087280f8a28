using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace ModelRisk.Assessment.Data;

public sealed class SqlServerAssessmentDbContextFactory : IDesignTimeDbContextFactory<SqlServerAssessmentDbContext>
{
    public SqlServerAssessmentDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqlServerAssessmentDbContext>().UseSqlServer("Server=design-time;Database=assessment;Trusted_Connection=False").Options);
}
