using MassTransit;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ModelRisk.Messaging;

/// <summary>
/// Healthy from the first time the bus is fully started (connected, every receive endpoint's queue declared and bound)
/// and from then on, whatever the broker does later: an outage afterwards is the bus health check's business (Degraded,
/// absorbed by the outbox). Until then, events published by other services have no queue of this service to land in, so
/// a local orchestrator waits on it (<c>/health/startup</c>) before it opens the platform to callers.
/// </summary>
public sealed class BusStartedHealthCheck(IBusControl bus) : IHealthCheck
{
    public const string Name = "masstransit-bus-started";

    volatile bool _started;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!_started)
        {
            var health = bus.CheckHealth();
            _started = health.Status == BusHealthStatus.Healthy;
            if (!_started)
            {
                return Task.FromResult(HealthCheckResult.Unhealthy($"The bus has not started yet: {health.Description}"));
            }
        }
        return Task.FromResult(HealthCheckResult.Healthy("The bus has started and bound its queues."));
    }
}
