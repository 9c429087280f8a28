using System.Diagnostics;
using System.Buffers;

namespace ModelRisk.Gateway.Correlation;

/// <summary>
/// Takes <c>X-Correlation-Id</c> from the caller (or makes one), forwards it to the service and echoes it in the
/// response, so an integration can quote one id for a call across every hop. The W3C trace context travels
/// separately (YARP and OpenTelemetry propagate <c>traceparent</c>).
/// </summary>
public sealed class CorrelationIdMiddleware(RequestDelegate next)
{
    public const string HeaderName = "X-Correlation-Id";
    public const string ItemKey = "correlation-id";
    private const int MaxLength = 128;

    // Only characters that cannot forge a log line or a header: anything else is replaced by a fresh id.
    private static readonly SearchValues<char> Allowed =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:");

    public Task InvokeAsync(HttpContext context)
    {
        var incoming = context.Request.Headers[HeaderName];
        var correlationId = incoming.Count == 1 && IsWellFormed(incoming[0]) ? incoming[0]! : Guid.NewGuid().ToString("N");

        context.Request.Headers[HeaderName] = correlationId;
        context.Items[ItemKey] = correlationId;
        Activity.Current?.SetTag("correlation.id", correlationId);
        // Set when the response starts so that a value echoed by the service is replaced, not duplicated.
        context.Response.OnStarting(static state =>
        {
            var (response, id) = ((HttpResponse, string))state;
            response.Headers[HeaderName] = id;
            return Task.CompletedTask;
        }, (context.Response, correlationId));

        return next(context);
    }

    public static bool IsWellFormed(string? value) =>
        value is { Length: > 0 and <= MaxLength } && !value.AsSpan().ContainsAnyExcept(Allowed);
}
