using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ModelRisk.Assessment.Data;
using ModelRisk.Assessment.Models.Reviews;

namespace ModelRisk.Assessment.Features.Renewals;

public sealed class RenewalService(IServiceScopeFactory scopes, IOptions<RenewalOptions> options, TimeProvider time, ILogger<RenewalService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval, time);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var opened = await scope.ServiceProvider.GetRequiredService<RenewalSchedule>().OpenDueRevalidationsAsync(stoppingToken);
                if (opened > 0)
                {
                    logger.LogInformation("Opened {Count} periodic revalidation reviews", opened);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Opening due revalidations failed; the next round tries again");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
