using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit;

namespace ModelRisk.TestSupport;

/// <summary>
/// One call of a JSON API as the tests' workflow helpers make it: the body as JSON (or raw content as it is), an
/// optional If-Match, the status asserted with the answer in the message, and the answer's JSON returned.
/// </summary>
public static class JsonCalls
{
    public static async Task<JsonElement> SendJsonAsync(this HttpClient client, HttpMethod method, string path, object? body = null,
        HttpStatusCode expected = HttpStatusCode.OK, string? ifMatch = null, string? token = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = body as HttpContent ?? JsonContent.Create(body);
        }
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }
        if (token is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{method} {path}: expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>The If-Match value for a resource the services return with its revision.</summary>
    public static string ETag(JsonElement resource) => $"\"{resource.GetProperty("revision").GetInt64()}\"";

    public static string Id(JsonElement resource) => resource.GetProperty("id").GetString()!;
}
