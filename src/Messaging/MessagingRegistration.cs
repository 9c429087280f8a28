using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using ModelRisk.Messaging.Outbox;

namespace ModelRisk.Messaging;

public static class MessagingRegistration
{
    /// <summary>Name of the connection string holding the broker's amqp:// URI.</summary>
    public const string ConnectionStringName = "rabbitmq";

    /// <summary>
    /// MassTransit over RabbitMQ (connection string <c>rabbitmq</c>) with the platform's endpoint conventions,
    /// the outbox dispatcher for <typeparamref name="TDbContext"/>, and inbox support for <see cref="IdempotentConsumer{TMessage,TDbContext}"/>.
    /// Tests may replace the transport with <c>AddMassTransitTestHarness()</c>; the broker is then never contacted.
    /// <paramref name="serviceName"/> prefixes the service's queue names (<c>inventory-…</c>) unless
    /// <c>Messaging:ServiceName</c> overrides it, so queue names and broker permissions do not follow assembly names.
    /// </summary>
    public static IHostApplicationBuilder AddPlatformMessaging<TDbContext>(
        this IHostApplicationBuilder builder,
        string serviceName,
        Action<IBusRegistrationConfigurator>? configureConsumers = null)
        where TDbContext : DbContext
    {
        builder.AddPlatformBus(serviceName, configureConsumers);
        builder.Services.AddOutboxDispatcher<TDbContext>();
        return builder;
    }

    /// <summary>
    /// The bus alone, for a service without a database (the validation workers): the same transport, conventions and
    /// health check as <see cref="AddPlatformMessaging{TDbContext}"/>, but no outbox, so it publishes directly and its
    /// consumers must be idempotent by construction (deterministic ids, overwritable results).
    /// </summary>
    public static IHostApplicationBuilder AddPlatformBus(
        this IHostApplicationBuilder builder,
        string serviceName,
        Action<IBusRegistrationConfigurator>? configureConsumers = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var section = builder.Configuration.GetSection(MessagingOptions.SectionName);
        builder.Services.AddOptions<MessagingOptions>().Bind(section);
        var options = section.Get<MessagingOptions>() ?? new MessagingOptions();
        serviceName = options.ServiceName ?? serviceName;

        builder.Services.AddSingleton<BusStartedHealthCheck>();
        builder.Services.AddHealthChecks().AddCheck<BusStartedHealthCheck>(
            BusStartedHealthCheck.Name, HealthStatus.Unhealthy, [ServiceDefaultsExtensions.StartupTag]);
        builder.Services.AddMassTransit(x =>
        {
            x.AddPlatformConventions(options, serviceName);
            configureConsumers?.Invoke(x);
            x.UsingRabbitMq((context, cfg) =>
            {
                // Read when the bus is built, so a test that swaps the transport needs no connection string.
                var connectionString = builder.Configuration.GetConnectionString(ConnectionStringName);
                if (string.IsNullOrWhiteSpace(connectionString))
                {
                    throw new InvalidOperationException($"Connection string '{ConnectionStringName}' (an amqp:// URI) is not configured.");
                }
                ConfigureHost(cfg, new Uri(connectionString));
                if (options.DelayedRedelivery)
                {
                    cfg.UseDelayedMessageScheduler();
                }
                foreach (var workQueue in context.GetServices<WorkQueueDeclaration>())
                {
                    workQueue.Apply(cfg, options);
                }
                cfg.ConfigureEndpoints(context);
            });
        });
        return builder;
    }

    /// <summary>
    /// The platform's conventions for any transport: kebab-case endpoint names prefixed by the service, exponential
    /// retry then (optionally) delayed redelivery then the <c>_error</c> queue, durable (quorum) queues, and the bus
    /// health check on <c>/health</c> as a warning: an unreachable broker reports Degraded, which still answers 200, because
    /// the outbox absorbs an outage and taking every replica out of service would turn it into a full one.
    /// </summary>
    public static IBusRegistrationConfigurator AddPlatformConventions(this IBusRegistrationConfigurator configurator, MessagingOptions options, string serviceName)
    {
        ArgumentNullException.ThrowIfNull(configurator);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceName);

        configurator.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(ToKebabCase(serviceName) + "-", false));
        configurator.AddConfigureEndpointsCallback((_, endpoint) =>
        {
            // Outermost first: redelivery wraps retry, so a message is redelivered only after its retries are spent.
            if (options.DelayedRedelivery)
            {
                endpoint.UseDelayedRedelivery(r => r.Intervals(options.RedeliveryIntervals));
            }
            endpoint.UseMessageRetry(r => r.Exponential(options.RetryLimit, options.RetryMinInterval, options.RetryMaxInterval, options.RetryIntervalDelta));

            if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit)
            {
                WorkQueueDeclaration.ConfigureQueue(rabbit, options);
            }
        });
        if (options.DelayedRedelivery)
        {
            configurator.AddDelayedMessageScheduler();
        }
        configurator.ConfigureHealthCheckOptions(health =>
        {
            health.Name = "masstransit-bus";
            health.MinimalFailureStatus = HealthStatus.Degraded;
            health.Tags.Add(ServiceDefaultsExtensions.ReadinessTag);
            health.Tags.Add("masstransit");
        });
        return configurator;
    }

    /// <summary>
    /// The outbox dispatcher for <typeparamref name="TDbContext"/> (a hosted service; needs an <see cref="IBus"/>), its metrics,
    /// and the outbox lag health check (Degraded at worst, on <c>/health</c>).
    /// </summary>
    public static IServiceCollection AddOutboxDispatcher<TDbContext>(this IServiceCollection services) where TDbContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<MessagingOptions>()
            .Validate(
                o => o.Outbox.PublishTimeout < o.Outbox.LeaseDuration / 2 && o.Outbox.BatchSize > 0 && o.Outbox.PollInterval > TimeSpan.Zero
                    && o.Outbox.MaxRejections > 0,
                "Messaging:Outbox needs PublishTimeout < LeaseDuration / 2 (the lease is renewed every LeaseDuration / 3), BatchSize > 0, PollInterval > 0 and MaxRejections > 0.")
            .ValidateOnStart();
        services.AddMetrics();
        services.TryAddSingleton<OutboxMetrics>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(MessageTypeRegistry.Default);
        services.TryAddSingleton(sp => BrokerReachability.Of(sp.GetRequiredService<IBus>()));
        var healthCheck = $"outbox-{ToKebabCase(typeof(TDbContext).Name)}";
        services.AddHealthChecks();
        services.Configure<HealthCheckServiceOptions>(o =>
        {
            // Health check names must be unique; a second call for the same context adds nothing.
            if (!o.Registrations.Any(r => r.Name == healthCheck))
            {
                o.Registrations.Add(new HealthCheckRegistration(
                    healthCheck,
                    sp => ActivatorUtilities.CreateInstance<OutboxHealthCheck<TDbContext>>(sp),
                    HealthStatus.Degraded,
                    [ServiceDefaultsExtensions.ReadinessTag, "outbox"]));
            }
        });
        services.TryAddSingleton<OutboxDispatcher<TDbContext>>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxDispatcher<TDbContext>>());
        return services;
    }

    static void ConfigureHost(IRabbitMqBusFactoryConfigurator cfg, Uri uri)
    {
        var tls = uri.Scheme.Equals("amqps", StringComparison.OrdinalIgnoreCase);
        if (!tls && !uri.Scheme.Equals("amqp", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"The '{ConnectionStringName}' connection string must be an amqp:// or amqps:// URI.");
        }
        var port = uri.IsDefaultPort || uri.Port <= 0 ? (tls ? 5671 : 5672) : uri.Port;
        var virtualHost = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (virtualHost.Length == 0)
        {
            virtualHost = "/";
        }
        var userInfo = uri.UserInfo.Split(':', 2);

        cfg.Host(uri.Host, (ushort)port, virtualHost, h =>
        {
            if (userInfo[0].Length > 0)
            {
                h.Username(Uri.UnescapeDataString(userInfo[0]));
                h.Password(userInfo.Length > 1 ? Uri.UnescapeDataString(userInfo[1]) : string.Empty);
            }
            h.PublisherConfirmation = true;
            if (tls)
            {
                h.UseSsl(ssl => ssl.ServerName = uri.Host);
            }
        });
    }

    internal static string ToKebabCase(string name)
    {
        var chars = new System.Text.StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                if (i > 0 && chars.Length > 0 && chars[^1] != '-' && !char.IsUpper(name[i - 1]))
                {
                    chars.Append('-');
                }
                chars.Append(char.ToLowerInvariant(c));
            }
            else if (char.IsLetterOrDigit(c))
            {
                chars.Append(c);
            }
            else if (chars.Length > 0 && chars[^1] != '-')
            {
                chars.Append('-');
            }
        }
        return chars.ToString().Trim('-');
    }
}
