using System.Text.Json;

namespace ModelRisk.Messaging.Outbox;

/// <summary>
/// The aggregate an outbox row belongs to, read from its body's top-level <c>modelId</c> (every platform event is about
/// one model). Read from the JSON rather than the typed message so it works for a row whose type this build lacks.
/// </summary>
public static class OutboxOrderingKey
{
    public const string PropertyName = "modelId";

    /// <summary>The row's model id, or null when the body has none or is not JSON.</summary>
    public static string? Of(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty(PropertyName, out var key)
                && key.ValueKind == JsonValueKind.String
                ? key.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
