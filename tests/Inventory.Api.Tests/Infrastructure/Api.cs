using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using ModelRisk.Inventory.Features.Models;
using ModelRisk.Messaging.Outbox;

namespace ModelRisk.Inventory.Tests.Infrastructure;

/// <summary>Request and response helpers shared by the integration tests.</summary>
public static class Api
{
    public const string Models = ModelEndpoints.BasePath;

    /// <summary>The service's JSON style: camelCase with enums as strings.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

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

    public static async Task<T> ReadAsync<T>(this HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return JsonSerializer.Deserialize<T>(text, Json)!;
    }

    /// <summary>Asserts the status and that the body is ProblemDetails with that status and type; returns the JSON.</summary>
    public static async Task<JsonElement> ProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string? type = null)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement.Clone();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        if (type is not null)
        {
            Assert.Equal(type, problem.GetProperty("type").GetString());
        }
        return problem;
    }

    /// <summary>Asserts a 400 validation problem that names <paramref name="field"/> among its errors.</summary>
    public static async Task<JsonElement> ValidationProblemAsync(this HttpResponseMessage response, string field)
    {
        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest, ModelRisk.ServiceDefaults.ApiProblems.ValidationType);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var messages),
            $"expected an error for '{field}', got {errors}");
        Assert.True(messages.GetArrayLength() > 0);
        return problem;
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

    public static string ETag(this HttpResponseMessage response) =>
        response.Headers.ETag?.ToString() ?? throw new Xunit.Sdk.XunitException("the response has no ETag");

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

public static class ResponseAssertions
{
    public static HttpResponseMessage EnsureStatus(this HttpResponseMessage response, System.Net.HttpStatusCode expected)
    {
        if (response.StatusCode != expected)
        {
            var body = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
            throw new Xunit.Sdk.XunitException($"expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        }
        return response;
    }
}
