using Grpc.Core;
using Microsoft.AspNetCore.Diagnostics;
using ModelRisk.ServiceDefaults;

namespace ModelRisk.Assessment.Inventory;

/// <summary>An inventory that does not answer is a 503 to retry, not an error of the request.</summary>
public sealed class InventoryUnavailableHandler(IProblemDetailsService problems, ILogger<InventoryUnavailableHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not RpcException { StatusCode: StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Unauthenticated } rpc)
        {
            return false;
        }
        logger.LogWarning(rpc, "Inventory did not answer");
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = "5";
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "A service this request depends on is unavailable.",
                Detail = "The model inventory did not answer; nothing was changed. Retry shortly.",
                Type = ApiProblems.UnavailableType,
            },
        });
    }
}
