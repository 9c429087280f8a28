using System.Collections.Concurrent;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelRisk.Contracts.Inventory.V1;
using ModelRisk.Messaging.Outbox;

namespace ModelRisk.Messaging.Tests.Infrastructure;

/// <summary>
/// The model ids of the <see cref="ModelRegistered"/> events that went through the publish pipe, in order;
/// can make publishes fail the way an unreachable broker does.
/// </summary>
public sealed class PublishRecorder
{
    public ConcurrentQueue<string> Published { get; } = new();

    public ConcurrentQueue<string> Failed { get; } = new();

    /// <summary>Return true to make the publish of that model's event throw.</summary>
    public Func<string, bool> ShouldFail { get; set; } = _ => false;

    /// <summary>What a failing publish throws: by default the broker refusing the message.</summary>
    public Func<Exception> Failure { get; set; } = () => new InvalidOperationException("simulated broker failure");

    public void OnPublish(ModelRegistered message)
    {
        if (ShouldFail(message.ModelId))
        {
            Failed.Enqueue(message.ModelId);
            throw Failure();
        }
        Published.Enqueue(message.ModelId);
    }
}

public sealed class RecordingPublishFilter<T>(PublishRecorder recorder) : IFilter<PublishContext<T>> where T : class
{
    public Task Send(PublishContext<T> context, IPipe<PublishContext<T>> next)
    {
        if (context.Message is ModelRegistered registered)
        {
            recorder.OnPublish(registered);
        }
        return next.Send(context);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("recording");
}

/// <summary>
/// One service replica under test: the MassTransit test harness (in-memory transport) with the platform conventions,
/// the outbox dispatcher, and a SQLite database that several replicas may share.
/// </summary>
public sealed class HarnessHost : IAsyncDisposable
{
    readonly ServiceProvider _provider;
    bool _stopped;

    HarnessHost(ServiceProvider provider, ITestHarness harness, CapturingLoggerProvider logs)
    {
        _provider = provider;
        Harness = harness;
        Logs = logs;
    }

    public ITestHarness Harness { get; }

    public CapturingLoggerProvider Logs { get; }

    public IServiceProvider Services => _provider;

    public OutboxDispatcher<TestDbContext> Dispatcher => _provider.GetRequiredService<OutboxDispatcher<TestDbContext>>();

    /// <summary>Fast settings so tests do not wait on production intervals.</summary>
    public static MessagingOptions FastOptions() => new()
    {
        RetryLimit = 2,
        RetryMinInterval = TimeSpan.FromMilliseconds(10),
        RetryMaxInterval = TimeSpan.FromMilliseconds(50),
        RetryIntervalDelta = TimeSpan.FromMilliseconds(10),
        Outbox = new OutboxOptions
        {
            PollInterval = TimeSpan.FromMilliseconds(100),
            RetryBaseDelay = TimeSpan.FromMilliseconds(20),
            RetryMaxDelay = TimeSpan.FromMilliseconds(200),
            LeaseDuration = TimeSpan.FromSeconds(30),
            BatchSize = 5,
        },
    };

    public static async Task<HarnessHost> StartAsync(
        TestDatabase database,
        Action<IBusRegistrationConfigurator>? consumers = null,
        Action<MessagingOptions>? configure = null,
        PublishRecorder? recorder = null,
        Action<IServiceCollection>? services = null,
        bool runDispatcher = true)
    {
        var options = FastOptions();
        configure?.Invoke(options);
        var logs = new CapturingLoggerProvider();

        var collection = new ServiceCollection();
        collection.AddLogging(logging => logging.AddProvider(logs));
        collection.AddDbContext<TestDbContext>(database.Configure);
        collection.AddSingleton<IOptions<MessagingOptions>>(Options.Create(options));
        if (recorder is not null)
        {
            collection.AddSingleton(recorder);
        }
        services?.Invoke(collection);
        collection.AddMassTransitTestHarness(x =>
        {
            x.SetTestTimeouts(testTimeout: TimeSpan.FromMinutes(2), testInactivityTimeout: TimeSpan.FromSeconds(10));
            x.AddPlatformConventions(options, "messaging-tests");
            consumers?.Invoke(x);
            x.UsingInMemory((context, cfg) =>
            {
                if (recorder is not null)
                {
                    cfg.UsePublishFilter(typeof(RecordingPublishFilter<>), context);
                }
                cfg.ConfigureEndpoints(context);
            });
        });
        var before = collection.Count;
        collection.AddOutboxDispatcher<TestDbContext>();
        if (!runDispatcher)
        {
            // The test drives its own dispatchers (its own clock, registry or broker view) round by round.
            var hosted = collection.Skip(before).Where(d => d.ServiceType == typeof(IHostedService)).ToList();
            hosted.ForEach(d => collection.Remove(d));
        }

        var provider = collection.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
        var harness = provider.GetRequiredService<ITestHarness>();
        await harness.Start();
        return new HarnessHost(provider, harness, logs);
    }

    /// <summary>
    /// Another dispatcher on this host's bus and database, as a second replica would run it; <paramref name="overrides"/>
    /// replace its clock (<see cref="TimeProvider"/>), <see cref="MessageTypeRegistry"/> or <see cref="BrokerReachability"/>.
    /// </summary>
    public OutboxDispatcher<TestDbContext> CreateDispatcher(params object[] overrides) =>
        ActivatorUtilities.CreateInstance<OutboxDispatcher<TestDbContext>>(_provider, overrides);

    public async Task StopAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await Harness.Stop();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _provider.DisposeAsync();
    }
}
