using System.Text.Json;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace ModelRisk.ServiceKit.Data;

/// <summary>An immutable value (replaced whole, never edited in place) stored as one JSON text column.</summary>
public static class JsonColumn
{
    public static ValueConverter<T, string> Converter<T>() where T : class =>
        new(v => JsonSerializer.Serialize(v, JsonSerializerOptions.Web), s => JsonSerializer.Deserialize<T>(s, JsonSerializerOptions.Web)!);

    public static ValueComparer<T> Comparer<T>() where T : class =>
        new((a, b) => JsonSerializer.Serialize(a, JsonSerializerOptions.Web) == JsonSerializer.Serialize(b, JsonSerializerOptions.Web),
            v => JsonSerializer.Serialize(v, JsonSerializerOptions.Web).GetHashCode(StringComparison.Ordinal),
            v => JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(v, JsonSerializerOptions.Web), JsonSerializerOptions.Web)!);
}
