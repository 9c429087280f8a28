using Microsoft.Extensions.Options;

namespace ModelRisk.Findings.Features.Sla;

/// <summary>Runs <see cref="SlaSweep"/> on the configured interval, in every replica (each save is guarded, ADR 083).</summary>
public sealed class SlaSweepService(IServiceScopeFactory scopes, IOptions<SweepOptions> options, TimeProvider time, ILogger<SlaSweepService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval, time);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var result = await scope.ServiceProvider.GetRequiredService<SlaSweep>().RunAsync(stoppingToken);
                if (result.FindingsSwept + result.IncidentReminders > 0)
                {
                    logger.LogInformation("SLA sweep: {Swept} findings, {Escalations} escalations, {Expired} acceptances expired, {Reminders} report reminders",
                        result.FindingsSwept, result.Escalations, result.AcceptancesExpired, result.IncidentReminders);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "The SLA sweep failed; the next round tries again");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
