using Microsoft.AspNetCore.Mvc;
using ModelRisk.Gateway.Correlation;

namespace ModelRisk.Gateway.Problems;

/// <summary>
/// The problems the gateway answers itself, written through the service defaults' problem details (stable
/// <c>type</c>s from <c>ApiProblems</c>, the trace id) plus the correlation id on every problem.
/// </summary>
public static class GatewayProblems
{
    public static IServiceCollection AddGatewayProblems(this IServiceCollection services)
    {
        // Chains onto the service defaults (which add the trace id) rather than replacing them.
        services.PostConfigure<ProblemDetailsOptions>(options =>
        {
            var inner = options.CustomizeProblemDetails;
            options.CustomizeProblemDetails = context =>
            {
                inner?.Invoke(context);
                if (CorrelationIdMiddleware.Of(context.HttpContext) is { } correlationId)
                {
                    context.ProblemDetails.Extensions.TryAdd("correlationId", correlationId);
                }
            };
        });
        return services;
    }

    /// <summary>A null type or title gets the service defaults for its status (RFC 9110, or the platform's own type).</summary>
    public static ValueTask WriteAsync(HttpContext context, int status, string? type, string? title, string detail)
    {
        context.Response.StatusCode = status;
        return context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Status = status,
                Type = type,
                Title = title,
                Detail = detail,
                Instance = context.Request.Path,
            },
        });
    }
}
