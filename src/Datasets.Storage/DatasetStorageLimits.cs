namespace ModelRisk.Datasets.Storage;

internal static class DatasetStorageLimits
{
    public static DatasetRejection TooLarge(long maxBytes) =>
        new(DatasetRejectionKind.TooLarge, $"The dataset is larger than the limit of {Describe(maxBytes)} ({maxBytes} bytes).");

    public static string Describe(long bytes) => bytes switch
    {
        >= 1024L * 1024 * 1024 when bytes % (1024L * 1024 * 1024) == 0 => $"{bytes / (1024L * 1024 * 1024)} GiB",
        >= 1024 * 1024 when bytes % (1024 * 1024) == 0 => $"{bytes / (1024 * 1024)} MiB",
        >= 1024 when bytes % 1024 == 0 => $"{bytes / 1024} KiB",
        _ => $"{bytes} bytes",
    };
}
