using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ModelRisk.ServiceKit.Webhooks;

/// <summary>Runs <see cref="WebhookDispatcher{TDbContext}"/> on the configured interval.</summary>
public sealed class WebhookDispatchService<TDbContext>(IServiceScopeFactory scopes, IOptions<WebhookOptions> options, TimeProvider time,
    ILogger<WebhookDispatchService<TDbContext>> logger) : BackgroundService where TDbContext : DbContext
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval, time);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<WebhookDispatcher<TDbContext>>().DeliverDueAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Delivering webhooks failed; the next round tries again");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
