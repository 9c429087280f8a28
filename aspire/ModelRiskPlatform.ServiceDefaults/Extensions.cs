using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// What every service shares: telemetry, health, service discovery, resilient clients and ProblemDetails.
/// Authentication is separate (<c>AddPlatformAuthentication</c>) because a test host or a tool may want one without the other.
/// </summary>
public static class ServiceDefaultsExtensions
{
    public const string ReadinessTag = "ready";

    /// <summary>
    /// Tag of checks that must have passed once before the service is started, whatever their state later (the bus has
    /// connected and bound its queues); <c>/health/startup</c> includes them, <c>/health</c> does not.
    /// </summary>
    public const string StartupTag = "startup";

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();
        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });
        // One JSON style for every public API: camelCase (the web default) with enums as strings.
        builder.Services.ConfigureHttpJsonOptions(options =>
            options.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.AddExceptionHandler<ModelRisk.ServiceDefaults.BadRequestExceptionHandler>();
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = CustomizeProblem);
        return builder;
    }

    /// <summary>
    /// What every problem a service writes gets: the trace id, so a caller can hand it to an operator, and the
    /// platform's stable type for its status where the framework left its generic one.
    /// </summary>
    public static void CustomizeProblem(ProblemDetailsContext context)
    {
        var activity = System.Diagnostics.Activity.Current;
        context.ProblemDetails.Extensions.TryAdd("traceId", activity?.TraceId.ToString() ?? context.HttpContext.TraceIdentifier);
        ModelRisk.ServiceDefaults.ApiProblems.ApplyPlatformType(context.ProblemDetails);
    }

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("MassTransit", "ModelRisk.*")
                .AddPrometheusExporter())
            .WithTracing(tracing => tracing
                .AddSource(builder.Environment.ApplicationName, "MassTransit", "ModelRisk.*")
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !IsInfrastructurePath(context.Request.Path))
                .AddGrpcClientInstrumentation()
                .AddHttpClientInstrumentation());

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }

        return builder;
    }

    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), ["live"]);
        builder.Services.AddOptions<ModelRisk.ServiceDefaults.ManagementOptions>()
            .Bind(builder.Configuration.GetSection(ModelRisk.ServiceDefaults.ManagementOptions.SectionName))
            .Validate(o => o.Port is null or > 0 and <= 65535, "Management:Port is a TCP port (1-65535).")
            .ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.AspNetCore.Routing.MatcherPolicy, ModelRisk.ServiceDefaults.ManagementPortPolicy>());
        return builder;
    }

    /// <summary>Errors as ProblemDetails: unhandled and binding exceptions, and bare status codes (401, 403, 404...).</summary>
    public static WebApplication UseServiceDefaults(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }

    /// <summary>
    /// <c>/alive</c> (liveness: the process answers), <c>/health</c> (readiness: every dependency tagged ready),
    /// <c>/health/startup</c> (readiness and the start-up checks: what a local orchestrator waits for before it starts
    /// the services that depend on this one) and <c>/metrics</c> (Prometheus), anonymous and in every environment because probes and scrapers hold no token.
    /// With <c>Management:Port</c> set they answer on that port only, and nothing else does (<see cref="ModelRisk.ServiceDefaults.ManagementPortPolicy"/>).
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        var management = ModelRisk.ServiceDefaults.ManagementEndpointMetadata.Instance;
        app.MapHealthChecks("/health", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadinessTag) || check.Tags.Contains("live") })
            .AllowAnonymous().WithMetadata(management);
        app.MapHealthChecks("/health/startup", new HealthCheckOptions
            {
                Predicate = check => check.Tags.Contains(StartupTag) || check.Tags.Contains(ReadinessTag) || check.Tags.Contains("live"),
            })
            .AllowAnonymous().WithMetadata(management);
        app.MapHealthChecks("/alive", new HealthCheckOptions { Predicate = check => check.Tags.Contains("live") })
            .AllowAnonymous().WithMetadata(management);
        app.MapPrometheusScrapingEndpoint("/metrics").AllowAnonymous().WithMetadata(management);
        return app;
    }

    /// <summary>
    /// The service's OpenAPI document (<c>AddPlatformOpenApi</c>) at <c>/openapi/v1.json</c>. Like every endpoint it
    /// needs a token, unless <c>ApiDocs:Anonymous</c> is true (local mode), so a browser can load it into the docs UI.
    /// </summary>
    public static WebApplication MapApiDocs(this WebApplication app)
    {
        var docs = app.MapOpenApi();
        if (app.Configuration.GetValue<bool>($"{ModelRisk.ServiceDefaults.OpenApi.ApiDocsOptions.SectionName}:{nameof(ModelRisk.ServiceDefaults.OpenApi.ApiDocsOptions.Anonymous)}"))
        {
            docs.AllowAnonymous();
        }
        else
        {
            docs.RequireAuthorization(ModelRisk.ServiceDefaults.Identity.PlatformPolicies.Authenticated);
        }
        return app;
    }

    private static bool IsInfrastructurePath(PathString path) =>
        path.StartsWithSegments("/health") || path.StartsWithSegments("/alive") || path.StartsWithSegments("/metrics");
}
