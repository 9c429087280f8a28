using System.Collections.Concurrent;
using Amazon.Runtime;

namespace ModelRisk.Datasets.Storage.Tests;

/// <summary>The S3 client's HTTP stack with a record of every request ("DELETE /bucket/key?uploadId=…"), to see what the store asked the server.</summary>
public sealed class RecordingHttpClientFactory : HttpClientFactory
{
    public ConcurrentQueue<string> Requests { get; } = new();

    public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(new RecordingHandler(Requests));

    public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

    public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => true;

    private sealed class RecordingHandler(ConcurrentQueue<string> requests) : DelegatingHandler(new SocketsHttpHandler())
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            requests.Enqueue($"{request.Method} {request.RequestUri?.PathAndQuery}");
            return base.SendAsync(request, cancellationToken);
        }
    }
}
