using Microsoft.Extensions.Diagnostics.HealthChecks;
using ModelRisk.Contracts;
using ModelRisk.Datasets.Storage;
using ModelRisk.Messaging;
using ModelRisk.Monitoring.Data;
using ModelRisk.Monitoring.Features.Alerts;
using ModelRisk.Monitoring.Features.Coverage;
using ModelRisk.Monitoring.Features.Evaluations;
using ModelRisk.Monitoring.Features.FromInventory;
using ModelRisk.Monitoring.Features.Logs;
using ModelRisk.Monitoring.Features.Plans;
using ModelRisk.Monitoring.Features.Points;
using ModelRisk.ServiceKit.Data;
using ModelRisk.ServiceKit.Webhooks;

namespace ModelRisk.Monitoring;

/// <summary>
/// The Monitoring service's composition root: its database, bus and consumers, the dataset store it writes prediction
/// logs to, the scheduler that queues windows for the workers, the alert webhooks, the Prometheus meter and endpoints.
/// </summary>
public static class MonitoringModule
{
    public const long MaxRequestBodyBytes = 1024 * 1024;

    /// <summary>Point and label batches: a full batch of 10,000 points with a few labels, or of 10,000 labels, is 1-2 MB.</summary>
    public const long MaxPointsBodyBytes = 4 * 1024 * 1024;

    /// <summary>Prediction-log batches are larger than any other body: up to 10,000 rows with their features.</summary>
    public const long MaxPredictionBodyBytes = 16 * 1024 * 1024;

    public static WebApplicationBuilder AddMonitoring(this WebApplicationBuilder builder)
    {
        builder.AddServiceDatabase<MonitoringDbContext, SqliteMonitoringDbContext, SqlServerMonitoringDbContext>(MonitoringDbContext.ConnectionName);
        builder.AddPlatformMessaging<MonitoringDbContext>("monitoring", bus =>
        {
            bus.AddConsumer<ModelRegisteredConsumer>();
            bus.AddConsumer<ModelUpdatedConsumer>();
            bus.AddConsumer<RiskTierChangedConsumer>();
            bus.AddConsumer<ModelLifecycleChangedConsumer>();
            bus.AddConsumer<TieringPolicyPublishedConsumer>();
            bus.AddConsumer<WindowEvaluatedConsumer>();
            bus.AddConsumer<EvaluateWindowFaultConsumer>();
            bus.PublishesTo(WorkerJobs.Queue, WorkerJobs.MessageTypes);
        });
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddOptions<MonitoringOptions>().Bind(builder.Configuration.GetSection(MonitoringOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(o => o.SchedulerInterval > TimeSpan.Zero, $"{MonitoringOptions.SectionName}:SchedulerInterval must be positive.")
            .ValidateOnStart();
        builder.AddDatasetStorage();
        builder.Services.AddHealthChecks().AddCheck<DatasetStorageHealthCheck>("dataset-store", HealthStatus.Degraded, [ServiceDefaultsExtensions.ReadinessTag]);
        builder.Services.AddSingleton<MonitoringMeter>();
        builder.Services.AddScoped<PointWriter>();
        builder.Services.AddScoped<AlertEngine>();
        builder.Services.AddScoped<PointIngest>();
        builder.Services.AddScoped<WindowScheduler>();
        builder.Services.AddHostedService<WindowSchedulerService>();
        builder.AddWebhookDelivery<MonitoringDbContext>();
        builder.AddPlatformOpenApi("Monitoring",
            "Production monitoring of models: plans with the metrics to watch and their thresholds, metric points pushed by pipelines or computed "
            + "by the validation workers from prediction logs, series with downsampling, alerts with their drift detection lead time, and the "
            + "coverage of high-risk models. Scoped to the caller's orgs. Call it through the gateway at /api/monitoring with a bearer token "
            + "from the platform's realm.",
            new Dictionary<string, string>
            {
                ["Plans"] = "Monitoring plans per model and version: metrics, thresholds, window, schedule, reference, alert routes, runbook, retraining.",
                ["Evaluations"] = "Windows of a plan evaluated by the validation workers: queued on schedule or on demand, with their computed values.",
                ["Points"] = "Metric points pushed in idempotent batches, and series read back with downsampling.",
                ["Prediction logs"] = "Scored rows and late labels appended to the dataset store, partitioned by day.",
                ["Alerts"] = "Threshold breaches per series: firing and resolved, with lead time, acknowledgement and the finding a critical one raised.",
                ["Coverage"] = "How many models of each risk tier have an active and a complete monitoring plan, and which mandatory ones lack one.",
            });
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = MaxRequestBodyBytes);
        return builder;
    }

    public static WebApplication MapMonitoring(this WebApplication app)
    {
        app.MapPlanEndpoints();
        app.MapEvaluationEndpoints();
        app.MapPointEndpoints();
        app.MapLogEndpoints();
        app.MapAlertEndpoints();
        app.MapCoverageEndpoints();
        return app;
    }
}
