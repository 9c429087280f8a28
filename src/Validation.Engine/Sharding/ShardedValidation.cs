using ModelRisk.Validation.Engine.Classification;
using ModelRisk.Validation.Engine.Data;
using ModelRisk.Validation.Engine.Drift;
using ModelRisk.Validation.Engine.Fairness;
using ModelRisk.Validation.Engine.Quality;
using ModelRisk.Validation.Engine.Running;

namespace ModelRisk.Validation.Engine.Sharding;

/// <summary>
/// Validation split over workers: each computes a shard's mergeable statistics (<see cref="RunShard"/>), and one
/// merge (<see cref="Merge"/>) turns all of them into the result <see cref="ValidationRunner.Run"/> gives for the
/// whole file, byte for byte once written. Every figure is computed from exact tables (distinct scores, distinct
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
        ValidationRunner.CheckThreshold(request);
        var options = request.Options ?? ValidationOptions.Default;
        var layout = ColumnLayout.For(request);
        var dataBytes = new FileInfo(request.DataPath).Length;
        foreach (var shard in ordered)
        {
            CheckFits(shard, layout, dataBytes);
        }

        var rows = ordered.Sum(s => s.Rows);
        if (rows == 0)
        {
            // The single pass's own words for a file without data rows.
            var fileName = Path.GetFileName(request.DataPath);
            throw new InputException(TableReader.IsParquet(request.DataPath)
                ? $"{fileName}: the file has no rows"
                : $"{fileName}: the file has a header but no data rows");
        }

        var columns = layout.Specs.Count;
        var quality = new QualityAccumulator(layout.Specs, layout.Roles, layout.Score, layout.Id);
        var missing = new long[columns];
        var dictionaries = new CategoryDictionary?[columns];
        var categoryCounts = new List<long>?[columns];
        for (var c = 0; c < columns; c++)
        {
            if (layout.Specs[c].Kind == ColumnKind.Categorical)
            {
                dictionaries[c] = new CategoryDictionary();
                categoryCounts[c] = [];
            }
        }

        long blankLines = 0;
        var states = new QualityColumnState[columns];
        foreach (var shard in ordered)
        {
            // Shards in file order: a category's code in the merged dictionary is then its first appearance in the file, as in one pass.
            for (var c = 0; c < columns; c++)
            {
                var column = shard.Columns[c];
                missing[c] += column.Missing;
                states[c] = column.Quality;
                if (dictionaries[c] is { } dictionary)
                {
                    var counts = categoryCounts[c]!;
                    for (var i = 0; i < column.Categories!.Count; i++)
                    {
                        var code = dictionary.GetOrAdd(column.Categories[i]);
                        if (code == counts.Count)
                        {
                            counts.Add(0);
                        }

                        counts[code] += column.CategoryCounts![i];
                    }

                    if (column.FirstName is { } first)
                    {
                        states[c] = column.Quality with { First = dictionary.GetOrAdd(first) };
                    }
                }
            }

            quality.Merge(shard.Rows, shard.ScoresOutOfRange, shard.LabelsNotBinary, shard.MissingLabels, states);
            blankLines += shard.BlankLines;
        }

        long? distinctIds = layout.Id >= 0 ? dictionaries[layout.Id]!.Names.Count : null;

        // Drift first, as in the single pass: the reference and the drift tables are gone before the score tables are merged.
        var (drift, referenceBlankLines) = request.ReferencePath is { } referencePath
            ? CompareWithReference(referencePath, layout, options, ordered, dictionaries, categoryCounts)
            : ([], 0);
        var (binaryReport, groups) = ScoreReports(request, layout, options, ordered, dictionaries);

        var streamed = ValidationRunner.Streams(layout, (long)(rows * 1.03) + 16, options);
        return ValidationRunner.Complete(
            request,
            layout,
            new ValidationRunner.DataSummary(rows, streamed, quality, missing, distinctIds, blankLines),
            binaryReport,
            groups,
            drift,
            null,
            referenceBlankLines);
    }

    /// <summary>Reads the reference, as the single pass reads it, and compares each drift column the same way.</summary>
    private static (List<DriftResult> Drift, long ReferenceBlankLines) CompareWithReference(
        string referencePath,
        ColumnLayout layout,
        ValidationOptions options,
        ShardStatistics[] shards,
        CategoryDictionary?[] dictionaries,
        List<long>?[] categoryCounts)
    {
        var reference = ReferenceSample.Read(referencePath, layout, options, null, CancellationToken.None);
        var drift = new List<DriftResult>(layout.Drift.Length);
        for (var i = 0; i < layout.Drift.Length; i++)
        {
            var d = layout.Drift[i];
            var name = layout.Specs[d].Name;
            if (reference.IsNumeric(i))
            {
                drift.Add(new DriftResult(name, NumericDriftAgainst(reference, i, shards, d), null, reference.Rows));
            }
            else
            {
                drift.Add(new DriftResult(name, null, reference.Categorical(i, dictionaries[d]!, [.. categoryCounts[d]!]), reference.Rows));
            }

            reference.Release(i);
        }

        return (drift, reference.BlankLines);
    }

    // A method of its own so the merged table is dropped on return, before the group tables are merged.
    private static BinaryReport BinaryReportOf(ShardStatistics[] shards, BinaryOptions options)
    {
        var binary = new BinaryAccumulator();
        foreach (var shard in shards)
        {
            binary.Merge(shard.Binary);
        }

        return binary.ToReport(options);
    }

    /// <summary>The binary and group metrics from the shards' score tables merged (group tables by group name).</summary>
    private static (BinaryReport Binary, GroupReport? Groups) ScoreReports(
        ValidationRequest request,
        ColumnLayout layout,
        ValidationOptions options,
        ShardStatistics[] shards,
        CategoryDictionary?[] dictionaries)
    {
        var binaryReport = BinaryReportOf(shards, ValidationRunner.BinaryOptionsFor(request, options));
        if (layout.Group < 0)
        {
            return (binaryReport, null);
        }

        // Drift may have added the reference's categories to the group column's dictionary; as in one pass they are groups without rows.
        var dictionary = dictionaries[layout.Group]!;
        var groupTables = new BinaryAccumulator[dictionary.Names.Count];
        foreach (var shard in shards)
        {
            var names = shard.Columns[layout.Group].Categories!;
            for (var g = 0; g < shard.Groups.Count; g++)
            {
                (groupTables[dictionary.GetOrAdd(names[g])] ??= new BinaryAccumulator()).Merge(shard.Groups[g]);
            }
        }

        var groupNames = ValidationRunner.GroupNames(dictionary);
        var tables = groupTables.Select(t => t?.Table ?? ScoreTable.Empty).ToArray();
        return (binaryReport, GroupMetrics.FromTables(tables, groupNames, ValidationRunner.GroupOptionsFor(request, options)));
    }

    /// <summary>
    /// One numeric drift column: the shards' tables are merged here, one column at a time, and dropped with the
    /// reference's table on return, so the merge never holds more than one column's merged tables.
    /// </summary>
    private static NumericDriftReport NumericDriftAgainst(ReferenceSample reference, int drift, ShardStatistics[] shards, int column)
    {
        var current = new ValueCountsAccumulator();
        foreach (var shard in shards)
        {
            current.Add(shard.Columns[column].Values!);
        }

        return NumericDrift.FromCounts(ValueCounts.Of(reference.FiniteValues(drift), "reference"), current.Table);
    }

    private static void RefuseLeakage(ValidationRequest request)
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

    private static void CheckFits(ShardStatistics shard, ColumnLayout layout, long dataBytes)
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
