using Microsoft.EntityFrameworkCore;
using ModelRisk.Monitoring.Models.Alerts;
using ModelRisk.Monitoring.Models.Evaluations;
using ModelRisk.Monitoring.Models.Inventory;
using ModelRisk.Monitoring.Models.Logs;
using ModelRisk.Monitoring.Models.Plans;
using ModelRisk.Monitoring.Models.Points;
using ModelRisk.ServiceKit.Data;
using ModelRisk.ServiceKit.Webhooks;

namespace ModelRisk.Monitoring.Data;

/// <summary>
/// The Monitoring database. Provider-specific subclasses exist only so that each provider keeps its own migrations set;
/// the model is defined once, in the configurations beside this file.
/// </summary>
public abstract class MonitoringDbContext(DbContextOptions options) : ServiceDbContext(options)
{
    public const string ConnectionName = "monitoring-db";

    public DbSet<MonitoringPlan> Plans => Set<MonitoringPlan>();
    public DbSet<MetricPoint> Points => Set<MetricPoint>();
    public DbSet<Alert> Alerts => Set<Alert>();
    public DbSet<BreachTracker> BreachTrackers => Set<BreachTracker>();
    public DbSet<WindowEvaluation> Evaluations => Set<WindowEvaluation>();
    public DbSet<LogObject> LogObjects => Set<LogObject>();
    public DbSet<LogBatch> LogBatches => Set<LogBatch>();
    public DbSet<MonitoredModel> Models => Set<MonitoredModel>();
    public DbSet<MandatoryTiers> MandatoryTiers => Set<MandatoryTiers>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcInstantConverter>();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(MonitoringDbContext).Assembly);
        modelBuilder.AddWebhookDeliveries();
        base.OnModelCreating(modelBuilder);
    }
}
