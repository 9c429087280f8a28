using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using ModelRisk.ServiceDefaults;
using Xunit;

namespace ModelRisk.TestSupport;

/// <summary>Assertions on a service's answers that every API test project makes: the status, the body, the problem and its type.</summary>
public static class ResponseAssertions
{
    /// <summary>The services' JSON style: camelCase with enums as strings.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

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
        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest, ApiProblems.ValidationType);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var messages),
            $"expected an error for '{field}', got {errors}");
        Assert.True(messages.GetArrayLength() > 0);
        return problem;
    }

    public static HttpResponseMessage EnsureStatus(this HttpResponseMessage response, System.Net.HttpStatusCode expected)
    {
        if (response.StatusCode != expected)
        {
            var body = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
            throw new Xunit.Sdk.XunitException($"expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        }
        return response;
    }

    public static string ETag(this HttpResponseMessage response) =>
        response.Headers.ETag?.ToString() ?? throw new Xunit.Sdk.XunitException("the response has no ETag");
}
