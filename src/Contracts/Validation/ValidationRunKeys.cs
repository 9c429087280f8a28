using System.Globalization;

namespace ModelRisk.Contracts.Validation.V1;

/// <summary>
/// Where a run's objects live in the dataset store. Deterministic per run and shard, so a redelivered job overwrites the
/// object its first delivery wrote instead of adding a second one.
/// </summary>
public static class ValidationRunKeys
{
    public static string Shard(string runId, int index) => $"runs/{runId}/shards/{index.ToString("D5", CultureInfo.InvariantCulture)}.mrps";

    public static string Result(string runId) => $"runs/{runId}/result.json";

    public static string Report(string runId) => $"runs/{runId}/report.html";

    /// <summary>Written by Assessment when a run is cancelled; workers look for it before and during a job.</summary>
    public static string Cancelled(string runId) => $"runs/{runId}/cancelled";

    /// <summary>Everything under a run, for deleting it.</summary>
    public static string Prefix(string runId) => $"runs/{runId}/";
}
