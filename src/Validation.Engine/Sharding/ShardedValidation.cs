using ModelRisk.Validation.Engine.Classification;
using ModelRisk.Validation.Engine.Data;
using ModelRisk.Validation.Engine.Drift;
using ModelRisk.Validation.Engine.Fairness;
using ModelRisk.Validation.Engine.Quality;
using ModelRisk.Validation.Engine.Running;

namespace ModelRisk.Validation.Engine.Sharding;

/// <summary>
/// Validation split over workers: each computes a shard's mergeable statistics (<see cref="RunShard"/>), and one
/// merge (<see cref="ShardMerge"/>, fed one shard at a time, or <see cref="Merge"/> over a list) turns all of them
/// into the result <see cref="ValidationRunner.Run"/> gives for the whole file, byte for byte once written. Every figure is computed from exact tables (distinct scores, distinct
/// values, categories by name) that merge without loss; docs/adr/070-sharded-validation.md says why and what it costs.
/// </summary>
public static class ShardedValidation
{
    /// <summary>
    /// Reads only the shard's part of request.DataPath (CSV: header from the file start, then the shard's byte range;
    /// Parquet: only its row groups) and computes its mergeable statistics. Data errors throw <see cref="InputException"/>
    /// naming the shard and the row within it (counted from 1 at the shard's start). The leakage check
    /// (request.TrainPath) is not supported in sharded mode.
    /// </summary>
    public static ShardStatistics RunShard(ValidationRequest request, ShardSpec shard, IProgress<ReadProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(shard);
        RefuseLeakage(request);
        if (shard.Count < 1 || shard.Index < 0 || shard.Index >= shard.Count || shard.Start < 0 || shard.Start > shard.End)
        {
            throw new ArgumentException($"shard {shard.Index} of {shard.Count} with range [{shard.Start}, {shard.End}) is not a valid shard", nameof(shard));
        }

        var unit = TableReader.IsParquet(request.DataPath) ? ShardUnit.RowGroups : ShardUnit.Bytes;
        if (shard.Unit != unit)
        {
            throw new ArgumentException($"shard of {shard.Unit} for {Path.GetFileName(request.DataPath)}, which is split by {unit}", nameof(shard));
        }

        ValidationRunner.CheckThreshold(request);
        var options = request.Options ?? ValidationOptions.Default;
        var layout = ColumnLayout.For(request);
        var label = $"{Path.GetFileName(request.DataPath)} (shard {shard.Index + 1} of {shard.Count})";
        using var reader = TableReader.Open(request.DataPath, layout.Specs, new TableRange(shard.Start, shard.End, label));
        var chunk = new TableChunk(layout.Specs, TableReader.ChunkRows(reader, options.ChunkRows));
        var collector = new ShardCollector(layout);
        while (reader.ReadChunk(chunk))
        {
            collector.Quality.Add(chunk);
            ValidationRunner.Guard(label, request, collector.Quality);
            collector.Add(chunk, reader);
            progress?.Report(new ReadProgress(label, reader.RowsRead, reader.EstimatedRows));
        }

        return collector.ToStatistics(shard, new FileInfo(request.DataPath).Length, reader);
    }

    /// <summary>
    /// Merges every shard (all Count of them, each index exactly once), reads the reference (request.ReferencePath)
    /// itself for drift, evaluates the plan, and returns the result of <see cref="ValidationRunner.Run"/> on the whole
    /// file: its JSON (<see cref="ValidationJsonWriter"/>) and reports are the same byte for byte.
    /// </summary>
    public static ValidationResult Merge(ValidationRequest request, IReadOnlyList<ShardStatistics> shards)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(shards);
        RefuseLeakage(request);
        var ordered = InOrder(shards);
        var merge = new ShardMerge(request, ordered.Length);
        foreach (var shard in ordered)
        {
            merge.Add(shard);
        }

        return merge.Complete();
    }

    internal static void RefuseLeakage(ValidationRequest request)
    {
        if (request.TrainPath is not null)
        {
            throw new ArgumentException("the leakage check (TrainPath) is not supported in sharded mode; run it on the whole file", nameof(request));
        }
    }

    private static ShardStatistics[] InOrder(IReadOnlyList<ShardStatistics> shards)
    {
        if (shards.Count == 0)
        {
            throw new ArgumentException("no shards to merge", nameof(shards));
        }

        var count = shards[0].ShardCount;
        var ordered = new ShardStatistics[count];
        foreach (var shard in shards)
        {
            ArgumentNullException.ThrowIfNull(shard, nameof(shards));
            if (shard.ShardCount != count)
            {
                throw new ArgumentException($"shards disagree on their count ({count} and {shard.ShardCount})", nameof(shards));
            }

            if (ordered[shard.ShardIndex] is not null)
            {
                throw new ArgumentException($"shard {shard.ShardIndex} appears more than once", nameof(shards));
            }

            ordered[shard.ShardIndex] = shard;
        }

        var absent = Enumerable.Range(0, count).Where(i => ordered[i] is null).ToList();
        if (absent.Count > 0)
        {
            throw new ArgumentException($"{absent.Count} of {count} shards are missing (indexes {string.Join(", ", absent.Take(10))}{(absent.Count > 10 ? ", …" : "")})", nameof(shards));
        }

        return ordered;
    }

    internal static void CheckFits(ShardStatistics shard, ColumnLayout layout, long dataBytes)
    {
        var same = shard.DataBytes == dataBytes
            && shard.GroupColumn == layout.Group
            && shard.Columns.Count == layout.Specs.Count
            && shard.Columns.Select(c => c.Spec).SequenceEqual(layout.Specs);
        if (!same)
        {
            throw new ArgumentException(
                $"shard {shard.ShardIndex} was computed for another request or file (columns {string.Join(", ", shard.Columns.Select(c => c.Spec.Name))}, {shard.DataBytes} bytes of data)",
                nameof(shard));
        }

        for (var c = 0; c < shard.Columns.Count; c++)
        {
            var expectValues = layout.Drift.Contains(c) && layout.Specs[c].Kind == ColumnKind.Numeric;
            if ((shard.Columns[c].Values is not null) != expectValues)
            {
                throw new ArgumentException($"shard {shard.ShardIndex} was computed for other drift columns", nameof(shard));
            }
        }
    }
}
