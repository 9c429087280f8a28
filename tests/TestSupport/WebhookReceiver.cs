using System.Collections.Concurrent;
using System.Net;
namespace ModelRisk.TestSupport;

/// <summary>
/// A real HTTP receiver on a loopback port (HttpListener), standing in for a ticketing, on-call or retraining integration: it records every
/// request with its headers and body and answers with the next status the test queued (200 once the queue is empty).
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<HttpStatusCode> _answers = new();
    private readonly Task _loop;

    /// <param name="prefix">The path every hook of this receiver is under; a test appends its own (<c>oncall</c>, <c>retrain</c>).</param>
    public WebhookReceiver(string prefix = "hooks")
    {
        Url = $"http://127.0.0.1:{FreePort.Next()}/{prefix.Trim('/')}/";
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public string Url { get; }

    public ConcurrentQueue<ReceivedWebhook> Received { get; } = new();

    public void AnswerNext(params HttpStatusCode[] statuses)
    {
        foreach (var status in statuses)
        {
            _answers.Enqueue(status);
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            using var reader = new StreamReader(context.Request.InputStream);
            var body = await reader.ReadToEndAsync();
            Received.Enqueue(new ReceivedWebhook(context.Request.Url?.AbsolutePath ?? "", context.Request.Headers.AllKeys.Where(k => k is not null)
                .ToDictionary(k => k!, k => context.Request.Headers[k]!, StringComparer.OrdinalIgnoreCase), body));
            context.Response.StatusCode = (int)(_answers.TryDequeue(out var status) ? status : HttpStatusCode.OK);
            context.Response.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
    }
}
