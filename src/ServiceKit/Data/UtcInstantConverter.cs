using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace ModelRisk.ServiceKit.Data;

/// <summary>A <see cref="DateTimeOffset"/> as the UTC <see cref="DateTime"/> it names; read back with offset zero.</summary>
public sealed class UtcInstantConverter() : ValueConverter<DateTimeOffset, DateTime>(
    v => v.UtcDateTime,
    v => new DateTimeOffset(DateTime.SpecifyKind(v, DateTimeKind.Utc)));
