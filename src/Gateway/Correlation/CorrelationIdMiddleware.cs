using System.Buffers;
using System.Diagnostics;

namespace ModelRisk.Gateway.Correlation;

/// <summary>
/// Takes <c>X-Correlation-Id</c> from the caller (or makes one), forwards it to the service and echoes it in the
/// response, so an integration can quote one id for a call across every hop. The W3C trace context travels
/// separately (YARP and OpenTelemetry propagate <c>traceparent</c>).
/// </summary>
public sealed class CorrelationIdMiddleware(RequestDelegate next)
{
    public const string HeaderName = "X-Correlation-Id";
    private const int MaxLength = 128;

    // Only characters that cannot forge a log line or a header: anything else is replaced by a fresh id.
    private static readonly SearchValues<char> Allowed =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:");

    public Task InvokeAsync(HttpContext context)
    {
        // The request header is the one place the id lives: it is forwarded from there and read back by Of().
        var correlationId = Of(context);
        if (correlationId is null)
        {
            correlationId = Guid.NewGuid().ToString("N");
            context.Request.Headers[HeaderName] = correlationId;
        }
        Activity.Current?.SetTag("correlation.id", correlationId);
        // Set when the response starts so that a value echoed by the service is replaced, not duplicated.
        context.Response.OnStarting(static state =>
        {
            var http = (HttpContext)state;
            http.Response.Headers[HeaderName] = http.Request.Headers[HeaderName];
            return Task.CompletedTask;
        }, context);

        return next(context);
    }

    /// <summary>The call's correlation id, or null before this middleware has checked the caller's.</summary>
    public static string? Of(HttpContext context)
    {
        var values = context.Request.Headers[HeaderName];
        return values.Count == 1 && IsWellFormed(values[0]) ? values[0] : null;
    }

    private static bool IsWellFormed(string? value) =>
        value is { Length: > 0 and <= MaxLength } && !value.AsSpan().ContainsAnyExcept(Allowed);
}
