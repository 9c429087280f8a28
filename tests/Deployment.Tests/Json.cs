using System.Text.Json.Nodes;

namespace ModelRisk.Deployment.Tests;

/// <summary>Small navigation helpers over JSON nodes, for manifests (all scalars are strings) and the realm file.</summary>
public static class Json
{
    public static JsonNode? At(this JsonNode? node, params string[] path)
    {
        foreach (var key in path)
        {
            node = node is JsonObject map && map.TryGetPropertyValue(key, out var child) ? child : null;
        }
        return node;
    }

    /// <summary>The scalar at <paramref name="path"/> as text ("true" for a JSON true), or null.</summary>
    public static string? Str(this JsonNode? node, params string[] path) =>
        node.At(path) switch
        {
            JsonValue value when value.TryGetValue<string>(out var text) => text,
            JsonValue value => value.ToJsonString(),
            _ => null,
        };

    public static IEnumerable<JsonNode> Items(this JsonNode? node, params string[] path) =>
        node.At(path) is JsonArray array ? array.Where(item => item is not null).Select(item => item!) : [];

    public static IEnumerable<string> Strings(this JsonNode? node, params string[] path) =>
        node.Items(path).Select(item => item.Str()).OfType<string>();
}
