using System.Net.Http.Headers;

namespace ModelRisk.TestSupport;

public static class HttpClientExtensions
{
    public static HttpClient WithToken(this HttpClient client, string token)
    {
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
