using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace ModelRisk.Inventory.Features.Import;

/// <summary>
/// Bounds the imports one replica runs at once (<see cref="ImportOptions.MaxConcurrentImports"/>), so the memory
/// the limits of one import allow cannot be multiplied by callers. One more is not queued: it is answered 429 with
/// Retry-After, and the service's status-code pages turn that into the platform's rate-limited problem.
/// </summary>
public static class ImportConcurrency
{
    public const string PolicyName = "inventory-import";

    public static IServiceCollection AddImportConcurrencyLimit(this IServiceCollection services) =>
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(PolicyName, context => RateLimitPartition.GetConcurrencyLimiter(PolicyName, _ => new ConcurrencyLimiterOptions
            {
                PermitLimit = context.RequestServices.GetRequiredService<IOptions<ImportOptions>>().Value.MaxConcurrentImports,
                QueueLimit = 0,
            }));
            limiter.OnRejected = (context, _) =>
            {
                var options = context.HttpContext.RequestServices.GetRequiredService<IOptions<ImportOptions>>().Value;
                context.HttpContext.Response.Headers.RetryAfter = options.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                return ValueTask.CompletedTask;
            };
        });
}
