using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ModelRisk.Datasets.Storage;

/// <summary>
/// Whether the dataset store answers: a size query for a key nobody writes. Unreachable is Degraded, not Unhealthy,
/// when registered that way: the rest of the service works without the store, so a replica stays in service while
/// uploads and downloads fail (and say so) until the store is back.
/// </summary>
public sealed class DatasetStorageHealthCheck(IDatasetStorage storage) : IHealthCheck
{
    public const string ProbeKey = "health/probe";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await storage.GetSizeAsync(ProbeKey, cancellationToken);
            return HealthCheckResult.Healthy("The dataset store answers.");
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "The dataset store does not answer: uploads and downloads fail until it does.", e);
        }
    }
}
