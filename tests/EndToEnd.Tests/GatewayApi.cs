using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ModelRisk.TestSupport;

namespace ModelRisk.EndToEnd.Tests;

/// <summary>Calls through the gateway as a signed-in user, asserting the status; and waiting for what happens asynchronously.</summary>
public sealed class GatewayApi(HttpClient gateway)
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    public Task<JsonElement> SendAsync(string token, HttpMethod method, string path, object? body = null, HttpStatusCode expected = HttpStatusCode.OK,
        string? ifMatch = null, HttpContent? content = null) =>
        gateway.SendJsonAsync(method, path, content ?? body, expected, ifMatch, token);

    public async Task<HttpResponseMessage> SendRawAsync(string token, HttpMethod method, string path, object? body = null, string? ifMatch = null, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Content = content ?? (body is null ? null : JsonContent.Create(body));
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }
        return await gateway.SendAsync(request, HttpCompletionOption.ResponseContentRead);
    }

    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what, TimeSpan? deadline = null)
    {
        var until = DateTime.UtcNow + (deadline ?? Deadline);
        while (!await condition())
        {
            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"Timed out waiting until {what}.");
            }
            await Task.Delay(200);
        }
    }
}
