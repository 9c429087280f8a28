namespace ModelRisk.ServiceKit.Webhooks;

/// <summary>
/// The HTTP client for receivers an org configured. Not from the client factory: the platform's default resilience
/// handler would retry inside one attempt, while each attempt must reach the delivery log and back off there (ADR 082).
/// Redirects are not followed, so a receiver cannot bounce a signed body elsewhere.
/// </summary>
public sealed class WebhookClient : IDisposable
{
    public HttpClient Http { get; } = new(new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    public void Dispose() => Http.Dispose();
}
