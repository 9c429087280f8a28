using Microsoft.EntityFrameworkCore;
using ModelRisk.Assessment.Data;
using ModelRisk.Assessment.Models.Log;
using ModelRisk.Contracts.Assessment.V1;
using ModelRisk.Messaging;
using ModelRisk.ServiceKit.Data;

namespace ModelRisk.Assessment.Features.DecisionLog;

/// <summary>Runs <see cref="CheckpointSigning"/> on the configured interval.</summary>
public sealed class CheckpointSigningService(IServiceScopeFactory scopes, Microsoft.Extensions.Options.IOptions<DecisionLogOptions> options, TimeProvider time, ILogger<CheckpointSigningService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CheckpointInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var signed = await scope.ServiceProvider.GetRequiredService<CheckpointSigning>().SignMovedHeadsAsync(null, stoppingToken);
                if (signed.Count > 0)
                {
                    logger.LogInformation("Signed {Count} decision-log checkpoints", signed.Count);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Signing decision-log checkpoints failed; the next round tries again");
            }
        }
    }
}
