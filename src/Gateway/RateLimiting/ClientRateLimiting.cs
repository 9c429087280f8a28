using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using ModelRisk.Gateway.Problems;
using ModelRisk.ServiceDefaults;
using ModelRisk.ServiceDefaults.Identity;

namespace ModelRisk.Gateway.RateLimiting;

/// <summary>
/// One token bucket per client: an integration by its OAuth client (<c>azp</c>), so that every replica of a CI
/// pipeline shares one budget; a person by their subject; an anonymous caller by remote IP.
/// Every proxied route uses this policy unless its configuration names another (see <c>RouteDefaults</c>).
/// </summary>
public static class ClientRateLimiting
{
    public const string PolicyName = "per-client";

    public static IServiceCollection AddClientRateLimiting(this IServiceCollection services)
    {
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = OnRejectedAsync;
            options.AddPolicy<string, ClientPolicy>(PolicyName);
        });
        return services;
    }

    public static string PartitionKey(HttpContext context)
    {
        var caller = context.User;
        if (caller.Identity?.IsAuthenticated == true)
        {
            if (caller.IsInRole(PlatformRoles.Integration) && caller.ClientId() is { } client)
            {
                return "client:" + client;
            }
            if (caller.SubjectId() is { } subject)
            {
                return "user:" + subject;
            }
            if (caller.ClientId() is { } clientOfPerson)
            {
                return "client:" + clientOfPerson;
            }
        }
        return "ip:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
    }

    // A class rather than a lambda so that the bucket factory is made once, not per request; it runs only when a
    // client's bucket is first created, and reads the limits then.
    private sealed class ClientPolicy(IOptionsMonitor<GatewayOptions> options) : IRateLimiterPolicy<string>
    {
        private readonly Func<string, TokenBucketRateLimiterOptions> _newBucket = _ =>
        {
            var limits = options.CurrentValue.RateLimit;
            return new TokenBucketRateLimiterOptions
            {
                TokenLimit = limits.TokenLimit,
                TokensPerPeriod = limits.TokensPerPeriod,
                ReplenishmentPeriod = TimeSpan.FromSeconds(limits.ReplenishmentPeriodSeconds),
                QueueLimit = 0,
                AutoReplenishment = true,
            };
        };

        // Null: the OnRejected set on the rate limiter options answers.
        public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => null;

        public RateLimitPartition<string> GetPartition(HttpContext httpContext) =>
            RateLimitPartition.GetTokenBucketLimiter(PartitionKey(httpContext), _newBucket);
    }

    private static async ValueTask OnRejectedAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait)
            ? wait
            : TimeSpan.FromSeconds(context.RequestServices.GetRequiredService<IOptionsMonitor<GatewayOptions>>().CurrentValue.RateLimit.ReplenishmentPeriodSeconds);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);

        await GatewayProblems.WriteAsync(context, StatusCodes.Status429TooManyRequests, ApiProblems.RateLimitedType,
            "Too many requests", $"This client has used its request budget; retry after {seconds} s.");
    }
}
