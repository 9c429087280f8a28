using Microsoft.EntityFrameworkCore;
using ModelRisk.Findings.Models.Findings;
using ModelRisk.Findings.Models.Incidents;
using ModelRisk.Findings.Models.Sla;
using ModelRisk.ServiceKit.Data;
using ModelRisk.ServiceKit.Webhooks;

namespace ModelRisk.Findings.Data;

/// <summary>
/// The Findings database. Provider-specific subclasses exist only so that each provider keeps its own migrations set;
/// the model is defined once, in the configurations beside this file.
/// </summary>
public abstract class FindingsDbContext(DbContextOptions options) : ServiceDbContext(options)
{
    public const string ConnectionName = "findings-db";

    public DbSet<Finding> Findings => Set<Finding>();
    public DbSet<Incident> Incidents => Set<Incident>();
    public DbSet<SlaPolicy> SlaPolicies => Set<SlaPolicy>();
    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Instants are stored as UTC date-times so that both providers compare and order them (the sweep's index, due dates).
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcInstantConverter>();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(FindingsDbContext).Assembly);
        modelBuilder.AddWebhookDeliveries();
        base.OnModelCreating(modelBuilder);
    }
}
