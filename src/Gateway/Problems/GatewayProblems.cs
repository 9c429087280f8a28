using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using ModelRisk.Gateway.Correlation;
using ModelRiskPlatform.ServiceDefaults;

namespace ModelRisk.Gateway.Problems;

/// <summary>
/// The problems the gateway answers itself, each with a stable <c>type</c> (a null type gets the RFC 9110 default for
/// its status), plus the correlation id on every problem.
/// </summary>
public static class GatewayProblems
{
    public const string PayloadTooLargeType = ApiProblems.PayloadTooLargeType;
    public const string TooManyRequestsType = ApiProblems.RateLimitedType;

    public static IServiceCollection AddGatewayProblems(this IServiceCollection services)
    {
        // Chains onto the service defaults (which add the trace id) rather than replacing them.
        services.PostConfigure<ProblemDetailsOptions>(options =>
        {
            var inner = options.CustomizeProblemDetails;
            options.CustomizeProblemDetails = context =>
            {
                inner?.Invoke(context);
                if (context.HttpContext.Items[CorrelationIdMiddleware.ItemKey] is string correlationId)
                {
                    context.ProblemDetails.Extensions.TryAdd("correlationId", correlationId);
                }
            };
        });
        return services;
    }

    public static ValueTask WriteAsync(HttpContext context, int status, string? type, string title, string detail)
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

    /// <summary>Keeps status code pages away from a response a service wrote: the gateway never rewrites it.</summary>
    public static void LeaveResponseAlone(HttpContext context)
    {
        if (context.Features.Get<IStatusCodePagesFeature>() is { } statusCodePages)
        {
            statusCodePages.Enabled = false;
        }
    }
}
