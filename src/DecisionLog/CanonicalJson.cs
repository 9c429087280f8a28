using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ModelRisk.DecisionLog;

/// <summary>
/// The one JSON form that is hashed and signed: object members sorted by ordinal name, no white space,
/// numbers as written, strings escaped only where JSON requires it. Two writers of the same facts produce
/// the same bytes, so a verifier recomputes a hash from the facts alone.
/// </summary>
public static class CanonicalJson
{
    internal static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
        SkipValidation = false,
    };

    /// <summary>The canonical text of a JSON value; throws <see cref="JsonException"/> on text that is not JSON.</summary>
    public static string Normalize(string json)
    {
        using var document = JsonDocument.Parse(json);
        return Normalize(document.RootElement);
    }

    public static string Normalize(JsonElement element)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            Write(writer, element);
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>The canonical text of an object serialized with the web defaults (camelCase).</summary>
    public static string From<T>(T value) =>
        Normalize(JsonSerializer.SerializeToElement(value, JsonSerializerOptions.Web));

    internal static void Write(Utf8JsonWriter writer, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                var properties = element.EnumerateObject().ToList();
                properties.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
                for (var i = 1; i < properties.Count; i++)
                {
                    if (properties[i].Name == properties[i - 1].Name)
                    {
                        throw new JsonException($"The member '{properties[i].Name}' appears twice; canonical JSON has one value per name.");
                    }
                }
                foreach (var property in properties)
                {
                    writer.WritePropertyName(property.Name);
                    Write(writer, property.Value);
                }
                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    Write(writer, item);
                }
                writer.WriteEndArray();
                break;
            case JsonValueKind.String:
                writer.WriteStringValue(element.GetString());
                break;
            case JsonValueKind.Number:
                writer.WriteRawValue(element.GetRawText(), skipInputValidation: true);
                break;
            case JsonValueKind.True:
                writer.WriteBooleanValue(true);
                break;
            case JsonValueKind.False:
                writer.WriteBooleanValue(false);
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }
}
