using Microsoft.EntityFrameworkCore;

namespace ModelRisk.Monitoring.Data;

public sealed class SqlServerMonitoringDbContext(DbContextOptions<SqlServerMonitoringDbContext> options) : MonitoringDbContext(options);
