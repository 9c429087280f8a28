using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace ModelRisk.Messaging.Tests.Infrastructure;

/// <summary>
/// The real RabbitMQ the test script starts (<c>scripts/rabbitmq.sh start</c>): its amqp URI from
/// <c>ConnectionStrings__rabbitmq</c>, and its management API (by the script's convention on the amqp port + 10000,
/// or <c>RABBITMQ_MANAGEMENT_URL</c>).
/// </summary>
public sealed class RabbitMqBroker : IDisposable
{
    public const string DefaultUri = "amqp://guest:guest@127.0.0.1:5682/";

    readonly HttpClient _management;

    public RabbitMqBroker()
    {
        ConnectionString = Environment.GetEnvironmentVariable("ConnectionStrings__rabbitmq") is { Length: > 0 } configured ? configured : DefaultUri;
        var amqp = new Uri(ConnectionString);
        var managementUrl = Environment.GetEnvironmentVariable("RABBITMQ_MANAGEMENT_URL") is { Length: > 0 } url
            ? url
            : $"http://{amqp.Host}:{(amqp.IsDefaultPort ? 5672 : amqp.Port) + 10000}/";
        var userInfo = amqp.UserInfo.Length > 0 ? Uri.UnescapeDataString(amqp.UserInfo) : "guest:guest";
        VirtualHost = Uri.UnescapeDataString(amqp.AbsolutePath.TrimStart('/')) is { Length: > 0 } vhost ? vhost : "/";

        _management = new HttpClient { BaseAddress = new Uri(managementUrl), Timeout = TimeSpan.FromSeconds(10) };
        _management.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(userInfo)));
    }

    public string ConnectionString { get; }

    public string VirtualHost { get; }

    string Path(string kind, string name) => $"api/{kind}/{Uri.EscapeDataString(VirtualHost)}/{Uri.EscapeDataString(name)}";

    /// <summary>The queue as the management API describes it, or null when it does not exist.</summary>
    public async Task<JsonElement?> GetQueueAsync(string name)
    {
        using var response = await _management.GetAsync(Path("queues", name));
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Peeks at up to <paramref name="count"/> messages (they are requeued) and returns their payloads.</summary>
    public async Task<IReadOnlyList<string>> PeekAsync(string queue, int count = 50)
    {
        using var body = new StringContent(
            JsonSerializer.Serialize(new { count, ackmode = "ack_requeue_true", encoding = "auto", truncate = 100_000 }),
            Encoding.UTF8,
            "application/json");
        using var response = await _management.PostAsync(Path("queues", queue) + "/get", body);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return [];
        }
        if (!response.IsSuccessStatusCode)
        {
            var reason = await response.Content.ReadAsStringAsync();
            // A queue that is still being declared has no process yet: nothing to see for now.
            if (response.StatusCode == HttpStatusCode.BadRequest && reason.Contains("noproc", StringComparison.Ordinal))
            {
                return [];
            }
            throw new HttpRequestException($"Peeking at {queue} answered {(int)response.StatusCode}: {reason}");
        }
        var messages = await response.Content.ReadFromJsonAsync<JsonElement>();
        return messages.EnumerateArray().Select(m => m.GetProperty("payload").GetString() ?? "").ToArray();
    }

    /// <summary>Deletes what a receive endpoint leaves behind: its queue and exchange, and those of its error and skipped queues.</summary>
    public async Task DeleteEndpointAsync(string endpoint)
    {
        foreach (var name in new[] { endpoint, endpoint + "_error", endpoint + "_skipped" })
        {
            using var queue = await _management.DeleteAsync(Path("queues", name));
            using var exchange = await _management.DeleteAsync(Path("exchanges", name));
        }
    }

    /// <summary>
    /// A virtual host of its own with a user holding exactly the given permissions (and guest everything, to look in),
    /// as a cluster's broker definitions give a service; returns the user's amqp URI. Remove it with <see cref="DeleteUserAndVirtualHostAsync"/>.
    /// </summary>
    public async Task<string> CreateUserInVirtualHostAsync(string virtualHost, string user, string configure, string write, string read)
    {
        var password = Guid.NewGuid().ToString("N");
        (await _management.PutAsync($"api/vhosts/{Uri.EscapeDataString(virtualHost)}", null)).EnsureSuccessStatusCode();
        (await _management.PutAsJsonAsync($"api/users/{Uri.EscapeDataString(user)}", new { password, tags = "" })).EnsureSuccessStatusCode();
        (await _management.PutAsJsonAsync($"api/permissions/{Uri.EscapeDataString(virtualHost)}/{Uri.EscapeDataString(user)}", new { configure, write, read }))
            .EnsureSuccessStatusCode();
        (await _management.PutAsJsonAsync($"api/permissions/{Uri.EscapeDataString(virtualHost)}/guest", new { configure = ".*", write = ".*", read = ".*" }))
            .EnsureSuccessStatusCode();
        var amqp = new Uri(ConnectionString);
        return new UriBuilder(amqp) { UserName = user, Password = password, Path = "/" + Uri.EscapeDataString(virtualHost) }.Uri.ToString();
    }

    public async Task DeleteUserAndVirtualHostAsync(string virtualHost, string user)
    {
        using (await _management.DeleteAsync($"api/vhosts/{Uri.EscapeDataString(virtualHost)}"))
        {
        }
        using (await _management.DeleteAsync($"api/users/{Uri.EscapeDataString(user)}"))
        {
        }
    }

    /// <summary>How many messages wait in a queue of another virtual host, from its own count (the management API's message stats lag).</summary>
    public async Task<long?> MessagesInAsync(string virtualHost, string queue)
    {
        using var body = new StringContent(
            JsonSerializer.Serialize(new { count = 100, ackmode = "ack_requeue_true", encoding = "auto", truncate = 1000 }), Encoding.UTF8, "application/json");
        using var response = await _management.PostAsync($"api/queues/{Uri.EscapeDataString(virtualHost)}/{Uri.EscapeDataString(queue)}/get", body);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetArrayLength();
    }

    public void Dispose() => _management.Dispose();
}
