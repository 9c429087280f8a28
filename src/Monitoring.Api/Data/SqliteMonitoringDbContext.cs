using Microsoft.EntityFrameworkCore;

namespace ModelRisk.Monitoring.Data;

public sealed class SqliteMonitoringDbContext(DbContextOptions<SqliteMonitoringDbContext> options) : MonitoringDbContext(options);
