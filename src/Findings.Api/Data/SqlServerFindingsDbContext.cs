using Microsoft.EntityFrameworkCore;

namespace ModelRisk.Findings.Data;

public sealed class SqlServerFindingsDbContext(DbContextOptions<SqlServerFindingsDbContext> options) : FindingsDbContext(options);
