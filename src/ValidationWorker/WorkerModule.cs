using MassTransit;
using Microsoft.Extensions.Options;
using ModelRisk.Contracts;
using ModelRisk.Datasets.Storage;
using ModelRisk.Messaging;
using ModelRisk.ValidationWorker.Jobs;

namespace ModelRisk.ValidationWorker;

/// <summary>
/// The worker's composition root: competing consumers of one durable quorum queue (validation plans, shards and merges,
/// monitoring windows), the dataset store, metrics.
/// </summary>
public static class WorkerModule
{
    public static WebApplicationBuilder AddValidationWorker(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<WorkerOptions>().Bind(builder.Configuration.GetSection(WorkerOptions.SectionName))
            .ValidateDataAnnotations().ValidateOnStart();
        var options = builder.Configuration.GetSection(WorkerOptions.SectionName).Get<WorkerOptions>() ?? new WorkerOptions();

        // SIGTERM: MassTransit stops taking messages and waits for the running jobs; one still running when the
        // drain timeout ends dies with the process, unacknowledged, so the broker gives it to another worker.
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = options.DrainTimeout);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddDatasetStorage();
        builder.Services.AddSingleton<WorkerMetrics>();
        builder.Services.AddSingleton<DownloadCache>();
        builder.Services.AddSingleton<JobFiles>();
        builder.Services.AddSingleton<RunCancellation>();
        builder.Services.AddSingleton<Jobs.ResultPublisher>();
        builder.Services.AddSingleton<Monitoring.MonitoringWindowEvaluator>();
        builder.AddPlatformBus("validation-worker", x =>
        {
            x.AddConsumer<PlanRunConsumer>().Endpoint(e => ConfigureJobEndpoint(e, options));
            x.AddConsumer<ValidateShardConsumer>().Endpoint(e => ConfigureJobEndpoint(e, options));
            x.AddConsumer<MergeRunConsumer>().Endpoint(e => ConfigureJobEndpoint(e, options));
            x.AddConsumer<EvaluateWindowConsumer>().Endpoint(e => ConfigureJobEndpoint(e, options));
        });
        return builder;
    }

    // Prefetch equal to the concurrency: a worker holds no more jobs than it runs, so a job waits for the first free
    // worker instead of queueing behind a busy one.
    private static void ConfigureJobEndpoint(IEndpointRegistrationConfigurator endpoint, WorkerOptions options)
    {
        endpoint.Name = WorkerJobs.Queue;
        endpoint.ConcurrentMessageLimit = options.EffectiveConcurrency;
        endpoint.PrefetchCount = options.EffectiveConcurrency;
    }
}
