using MassTransit;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using ModelRisk.Assessment.Data;
using ModelRisk.Assessment.Features.Datasets;
using ModelRisk.Assessment.Features.DecisionLog;
using ModelRisk.Assessment.Features.Policies;
using ModelRisk.Assessment.Features.Renewals;
using ModelRisk.Assessment.Features.Reviews;
using ModelRisk.Assessment.Features.Runs;
using ModelRisk.Assessment.Features.Tiering;
using ModelRisk.Assessment.Grpc;
using ModelRisk.Contracts;
using ModelRisk.Assessment.Inventory;
using ModelRisk.Contracts.Grpc.Inventory.V1;
using ModelRisk.Datasets.Storage;
using ModelRisk.Messaging;
using ModelRisk.ServiceKit.Data;

namespace ModelRisk.Assessment;

/// <summary>The Assessment service's composition root: its database, bus, inventory client, jobs and endpoints.</summary>
public static class AssessmentModule
{
    /// <summary>Every route's body limit but the dataset upload's, which takes <see cref="DatasetStorageOptions.MaxDatasetBytes"/>.</summary>
    public const long MaxRequestBodyBytes = 1024 * 1024;

    public static WebApplicationBuilder AddAssessment(this WebApplicationBuilder builder)
    {
        builder.AddServiceDatabase<AssessmentDbContext, SqliteAssessmentDbContext, SqlServerAssessmentDbContext>("assessment-db");
        builder.AddPlatformMessaging<AssessmentDbContext>("assessment", x =>
        {
            x.AddConsumer<ValidationRunPlannedConsumer>();
            x.AddConsumer<ValidationShardCompletedConsumer>();
            x.AddConsumer<ValidationRunResultReadyConsumer>();
            x.AddConsumer<PlanValidationRunFaultConsumer>();
            x.AddConsumer<ValidateShardFaultConsumer>();
            x.AddConsumer<MergeValidationRunFaultConsumer>();
            x.PublishesTo(WorkerJobs.Queue, WorkerJobs.MessageTypes);
        });
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddGrpcClient<InventoryService.InventoryServiceClient>(o =>
            o.Address = new Uri(builder.Configuration["Inventory:GrpcAddress"] ?? "http://_grpc.inventory"));
        builder.Services.AddScoped<InventoryReader>();
        builder.Services.AddExceptionHandler<InventoryUnavailableHandler>();
        builder.Services.AddScoped<TieringPolicies>();
        builder.Services.AddOptions<DecisionLogOptions>().Bind(builder.Configuration.GetSection(DecisionLogOptions.SectionName));
        builder.Services.AddSingleton<DecisionLogKeys>();
        builder.Services.AddScoped<CheckpointSigning>();
        builder.Services.AddHostedService<CheckpointSigningService>();
        builder.Services.AddOptions<RenewalOptions>().Bind(builder.Configuration.GetSection(RenewalOptions.SectionName));
        builder.Services.AddScoped<RenewalSchedule>();
        builder.Services.AddHostedService<RenewalService>();
        builder.AddDatasetStorage();
        // An unreachable store degrades readiness rather than failing it: everything but datasets still works.
        builder.Services.AddHealthChecks().AddCheck<DatasetStorageHealthCheck>("dataset-store", HealthStatus.Degraded, [ServiceDefaultsExtensions.ReadinessTag]);
        builder.Services.AddGrpc(options => options.EnableDetailedErrors = builder.Environment.IsDevelopment());
        builder.AddPlatformOpenApi("Assessment",
            "Model risk assessment: tier a model with the policy in force, run its review from intake through validation to a decision signed by "
            + "independent approvers, and verify the signed, hash-chained decision log. Scoped to the caller's orgs. "
            + "Call it through the gateway at /api/assessment with a bearer token from the platform's realm.",
            new Dictionary<string, string>
            {
                ["Tiering"] = "Answer the tiering questionnaire for a model, read tierings, override a tier with a justification.",
                ["Tiering policies"] = "The versioned policy that scores tierings: questions, tier bands, floors and what each tier requires.",
                ["Reviews"] = "A model version's review: evidence, intake, validator, model risk assessment, decision and its signatures, close and reopen.",
                ["Validation runs"] = "Independent validation of a review's model version on an uploaded dataset, computed by the validation workers: progress, result, report, cancel.",
                ["Decision log"] = "Each org's hash-chained log of decisions with signed checkpoints: keys, verification and export.",
                ["Datasets"] = "Datasets for validation runs: upload CSV or Parquet as a stream, read their measured size, SHA-256 and columns, download, delete.",
            });
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = MaxRequestBodyBytes);
        return builder;
    }

    public static WebApplication MapAssessment(this WebApplication app)
    {
        // Fail at start, not at the first decision, when the signing key is missing.
        _ = app.Services.GetRequiredService<DecisionLogKeys>();
        app.MapPolicyEndpoints();
        app.MapTieringEndpoints();
        app.MapReviewEndpoints();
        app.MapDecisionLogEndpoints();
        app.MapRunEndpoints();
        app.MapDatasetEndpoints();
        app.MapGrpcService<AssessmentGrpcService>();
        return app;
    }
}
