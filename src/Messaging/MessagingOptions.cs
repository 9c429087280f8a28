namespace ModelRisk.Messaging;

/// <summary>Settings bound from the <c>Messaging</c> configuration section.</summary>
public sealed class MessagingOptions
{
    public const string SectionName = "Messaging";

    /// <summary>
    /// Prefix of every receive endpoint (queue) name, so two services consuming one event get their own queues.
    /// Defaults to the application name in kebab case.
    /// </summary>
    public string? ServiceName { get; set; }

    /// <summary>Declare receive queues as quorum queues (RabbitMQ 3.8+); otherwise classic durable queues.</summary>
    public bool QuorumQueues { get; set; } = true;

    /// <summary>
    /// Redeliver a message later once in-process retries are exhausted. Needs the broker's delayed-message
    /// exchange plugin, which Debian's RabbitMQ does not ship, hence off by default (docs/adr/010-delayed-redelivery.md).
    /// </summary>
    public bool DelayedRedelivery { get; set; }

    public TimeSpan[] RedeliveryIntervals { get; set; } = [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15)];

    /// <summary>In-process retries of a failing consumer (exponential) before redelivery or the error queue.</summary>
    public int RetryLimit { get; set; } = 5;

    public TimeSpan RetryMinInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan RetryMaxInterval { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan RetryIntervalDelta { get; set; } = TimeSpan.FromMilliseconds(500);

    public OutboxOptions Outbox { get; set; } = new();
}

/// <summary>Settings of the outbox dispatcher (<c>Messaging:Outbox</c>).</summary>
public sealed class OutboxOptions
{
    /// <summary>How often the dispatcher looks for rows when nothing wakes it earlier.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    public int BatchSize { get; set; } = 100;

    /// <summary>How long a replica holds the dispatch lease without renewing it; another replica takes over after that.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>First delay after a failed publish; doubles on every further failure up to <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// During an outage (the bus is unhealthy or the publish failed to connect) the head row is retried at least this often,
    /// whatever its backoff, so delivery resumes within this long once the broker is back.
    /// </summary>
    public TimeSpan OutageRetryInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A publish that takes longer than this counts as failed (the broker is unreachable). Must stay well under
    /// <see cref="LeaseDuration"/> so the lease cannot lapse while a publish hangs.
    /// </summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A row the broker keeps refusing while it is reachable (a publish that fails fast, not an outage) is parked after
    /// this many refusals, so it stops holding up every later event. Failures during an outage never count.
    /// </summary>
    public int MaxRejections { get; set; } = 5;

    /// <summary>The outbox health check reports Degraded (never Unhealthy) once the oldest undelivered row is older than this.</summary>
    public TimeSpan LagWarning { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often the lease holder measures the outbox lag for the metrics.</summary>
    public TimeSpan LagSampleInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Dispatched outbox rows are deleted after this long.</summary>
    public TimeSpan DispatchedRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Inbox rows are deleted after this long; it bounds the window in which a duplicate is recognised.</summary>
    public TimeSpan InboxRetention { get; set; } = TimeSpan.FromDays(30);

    public TimeSpan CleanupInterval { get; set; } = TimeSpan.FromHours(1);
}
