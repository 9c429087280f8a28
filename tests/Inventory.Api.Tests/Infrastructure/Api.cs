using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ModelRisk.Inventory.Features.Models;
using ModelRisk.Messaging.Outbox;
using ModelRisk.TestSupport;

namespace ModelRisk.Inventory.Tests.Infrastructure;

/// <summary>Request and response helpers shared by the integration tests.</summary>
public static class Api
{
    public const string Models = ModelEndpoints.BasePath;

    /// <summary>The services' JSON style: camelCase with enums as strings.</summary>
    public static readonly JsonSerializerOptions Json = ResponseAssertions.Json;

    /// <summary>A unique org slug, so tests sharing one database never see each other's models.</summary>
    public static string NewOrg(string prefix = "org") => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 64)];

    public static string NewKey(string prefix = "model") => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 64)];

    public static Dictionary<string, object?> RegistrationBody(string org, string key, string? name = null, string owner = "alice@bank.test",
        string modelType = "Classification", string[]? tags = null, string? description = null) => new()
        {
            ["org"] = org,
            ["key"] = key,
            ["name"] = name ?? $"Model {key}",
            ["owner"] = owner,
            ["modelType"] = modelType,
            ["description"] = description,
            ["tags"] = tags ?? Array.Empty<string>(),
        };

    public static async Task<HttpResponseMessage> RegisterAsync(this HttpClient client, object body) =>
        await client.PostAsJsonAsync(Models, body, Json);

    /// <summary>Registers a model and returns it, failing the test unless the service answered 201.</summary>
    public static async Task<ModelResponse> RegisterModelAsync(this HttpClient client, string org, string? key = null, string? name = null,
        string owner = "alice@bank.test", string modelType = "Classification", string[]? tags = null, string? description = null)
    {
        var response = await client.RegisterAsync(RegistrationBody(org, key ?? NewKey(), name, owner, modelType, tags, description));
        return await response.ReadAsync<ModelResponse>(HttpStatusCode.Created);
    }

    public static async Task<HttpResponseMessage> SendAsync(this HttpClient client, HttpMethod method, string url, object? body, string? ifMatch)
    {
        using var request = new HttpRequestMessage(method, url);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: Json);
        }
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }
        return await client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> PatchAsync(this HttpClient client, string id, object body, string? ifMatch) =>
        client.SendAsync(HttpMethod.Patch, $"{Models}/{id}", body, ifMatch);

    public static Task<HttpResponseMessage> TransitionAsync(this HttpClient client, string id, string to, string? ifMatch, string? reason = null) =>
        client.SendAsync(HttpMethod.Post, $"{Models}/{id}/lifecycle", new { to, reason }, ifMatch);

    public static Task<HttpResponseMessage> SetRiskTierAsync(this HttpClient client, string id, string tier, string? ifMatch, string rationale = "Material exposure") =>
        client.SendAsync(HttpMethod.Put, $"{Models}/{id}/risk-tier", new { tier, rationale }, ifMatch);

    public static Task<HttpResponseMessage> AddVersionAsync(this HttpClient client, string id, string version, string artifactUri = "s3://models/artifact.bin") =>
        client.PostAsJsonAsync($"{Models}/{id}/versions", new { version, artifactUri }, Json);

    /// <summary>The outbox rows of one event type that mention the model id.</summary>
    public static Task<List<OutboxMessage>> OutboxRowsAsync<TEvent>(this InventoryFactory factory, string modelId) =>
        factory.QueryAsync(db => db.Set<OutboxMessage>().AsNoTracking()
            .Where(m => m.MessageType == typeof(TEvent).FullName && m.Body.Contains(modelId))
            .OrderBy(m => m.Id)
            .ToListAsync());

    public static Task<int> OutboxCountAsync(this InventoryFactory factory) =>
        factory.QueryAsync(db => db.Set<OutboxMessage>().CountAsync());

    public static Task<int> ModelCountAsync(this InventoryFactory factory, string org) =>
        factory.QueryAsync(db => db.Models.CountAsync(m => m.Org == org));

    /// <summary>Rows are ordered JSON bodies; deserialises each into the event.</summary>
    public static T Event<T>(this OutboxMessage row) =>
        JsonSerializer.Deserialize<T>(row.Body, ModelRisk.Messaging.OutboxDbContextExtensions.BodySerializerOptions)!;
}
