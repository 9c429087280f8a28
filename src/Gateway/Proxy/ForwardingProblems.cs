using Microsoft.AspNetCore.Diagnostics;
using ModelRisk.Gateway.Problems;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace ModelRisk.Gateway.Proxy;

/// <summary>
/// The step of the proxy pipeline that answers what the gateway itself refuses or fails at: a body over the
/// route's limit (413, before a byte is forwarded when the caller declares its length; Kestrel enforces the same
/// limit on chunked bodies), a request body the gateway could not read (400/408) and a service that cannot be
/// reached (502/503/504). What a service answers passes through untouched.
/// </summary>
public static class ForwardingProblems
{
    public static IReverseProxyApplicationBuilder UseForwardingProblems(this IReverseProxyApplicationBuilder proxy)
    {
        proxy.Use(HandleAsync);
        return proxy;
    }

    private static async Task HandleAsync(HttpContext context, RequestDelegate next)
    {
        // Status code pages must never rewrite a response a service wrote.
        if (context.Features.Get<IStatusCodePagesFeature>() is { } statusCodePages)
        {
            statusCodePages.Enabled = false;
        }

        var limit = context.GetReverseProxyFeature().Route.Config.MaxRequestBodySize;
        if (limit is >= 0 && context.Request.ContentLength > limit)
        {
            await WritePayloadTooLargeAsync(context, limit.Value);
            return;
        }

        await next(context);

        if (context.GetForwarderErrorFeature() is not { } error || context.Response.HasStarted)
        {
            return;
        }
        if (error.Exception is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } && limit is >= 0)
        {
            await WritePayloadTooLargeAsync(context, limit.Value);
            return;
        }
        var status = context.Response.StatusCode;
        if (status >= 500)
        {
            await GatewayProblems.WriteAsync(context, status, type: null, "The service did not answer",
                $"The gateway could not complete the call to the service ({error.Error}).");
        }
        else if (status >= 400)
        {
            await GatewayProblems.WriteAsync(context, status, type: null, "The request could not be forwarded",
                $"The gateway could not read the request to forward it ({error.Error}).");
        }
    }

    // The service defaults give a 413 the platform's payload-too-large type and title.
    private static ValueTask WritePayloadTooLargeAsync(HttpContext context, long limit) =>
        GatewayProblems.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, type: null, title: null,
            $"This route accepts request bodies of at most {limit} bytes.");
}
