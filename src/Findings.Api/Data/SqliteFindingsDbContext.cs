using Microsoft.EntityFrameworkCore;

namespace ModelRisk.Findings.Data;

public sealed class SqliteFindingsDbContext(DbContextOptions<SqliteFindingsDbContext> options) : FindingsDbContext(options);
