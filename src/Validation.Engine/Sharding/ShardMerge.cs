using ModelRisk.Validation.Engine.Classification;
using ModelRisk.Validation.Engine.Data;
using ModelRisk.Validation.Engine.Drift;
using ModelRisk.Validation.Engine.Fairness;
using ModelRisk.Validation.Engine.Quality;
using ModelRisk.Validation.Engine.Running;

namespace ModelRisk.Validation.Engine.Sharding;

/// <summary>
/// Merges shards added one at a time in shard order. Counts, quality and categories are folded in as each shard is
/// added; the sorted tables (scores overall and per group, drift values) are kept as runs and merged at
/// <see cref="Complete"/>, one table at a time, each in one k-way pass over every shard's run
/// (<see cref="RunMerge"/>). Shards read with <see cref="ShardStatistics.Open"/> leave their tables in their files,
/// so the merge holds the merged table being built and a block of each shard, never a shard's tables
/// (docs/adr/070-sharded-validation.md). The merged tables are exact, so the result equals one pass byte for byte.
/// </summary>
public sealed class ShardMerge
{
    private readonly ValidationRequest request;
    private readonly ColumnLayout layout;
    private readonly long dataBytes;
    private readonly QualityAccumulator quality;
    private readonly long[] missing;
    private readonly CategoryDictionary?[] dictionaries;
    private readonly List<long>?[] categoryCounts;
    private readonly QualityColumnState[] states;
    private readonly List<SortedRun>?[] driftValues;
    private readonly List<List<SortedRun>?> groupTables = [];
    private List<SortedRun>? binary = [];
    private long rows;
    private long blankLines;
    private bool completed;

    /// <summary>Starts the merge of <paramref name="shardCount"/> shards of request.DataPath.</summary>
    public ShardMerge(ValidationRequest request, int shardCount)
    {
        ArgumentNullException.ThrowIfNull(request);
        ShardedValidation.RefuseLeakage(request);
        if (shardCount < 1)
        {
            throw new ArgumentException("no shards to merge", nameof(shardCount));
        }

        ValidationRunner.CheckThreshold(request);
        this.request = request;
        ShardCount = shardCount;
        layout = ColumnLayout.For(request);
        dataBytes = new FileInfo(request.DataPath).Length;
        var columns = layout.Specs.Count;
        quality = new QualityAccumulator(layout.Specs, layout.Roles, layout.Score, layout.Id);
        missing = new long[columns];
        dictionaries = new CategoryDictionary?[columns];
        categoryCounts = new List<long>?[columns];
        states = new QualityColumnState[columns];
        driftValues = new List<SortedRun>?[columns];
        for (var c = 0; c < columns; c++)
        {
            if (layout.Specs[c].Kind == ColumnKind.Categorical)
            {
                dictionaries[c] = new CategoryDictionary();
                categoryCounts[c] = [];
            }
        }

        foreach (var d in layout.Drift)
        {
            if (layout.Specs[d].Kind == ColumnKind.Numeric)
            {
                driftValues[d] = [];
            }
        }
    }

    public int ShardCount { get; }

    /// <summary>Shards folded in so far; the next one to add is the shard with this index.</summary>
    public int Added { get; private set; }

    /// <summary>
    /// Folds in the next shard, which must be shard <see cref="Added"/> (shards in file order: a category's code in
    /// the merged dictionary is then its first appearance in the file, and a column's first value the file's, as in
    /// one pass). The merge keeps the shard's table runs until <see cref="Complete"/>: a shard read with
    /// <see cref="ShardStatistics.Open"/> keeps its tables in its file, which must stay in place until then.
    /// </summary>
    public void Add(ShardStatistics shard)
    {
        ArgumentNullException.ThrowIfNull(shard);
        if (completed)
        {
            throw new InvalidOperationException("the merge is complete; no shard can be added");
        }

        if (shard.ShardCount != ShardCount)
        {
            throw new ArgumentException($"shards disagree on their count ({ShardCount} and {shard.ShardCount})", nameof(shard));
        }

        if (shard.ShardIndex != Added)
        {
            throw new ArgumentException(
                shard.ShardIndex < Added
                    ? $"shard {shard.ShardIndex} appears more than once"
                    : $"shard {shard.ShardIndex} came before shard {Added}; shards are merged in order",
                nameof(shard));
        }

        ShardedValidation.CheckFits(shard, layout, dataBytes);
        for (var c = 0; c < layout.Specs.Count; c++)
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

            driftValues[c]?.Add(column.Values!);
        }

        quality.Merge(shard.Rows, shard.ScoresOutOfRange, shard.LabelsNotBinary, shard.MissingLabels, states);
        blankLines += shard.BlankLines;
        rows += shard.Rows;
        binary!.Add(shard.Binary);
        if (layout.Group >= 0)
        {
            // Every name was added to the dictionary above, so a group's code is its category's code.
            var dictionary = dictionaries[layout.Group]!;
            var names = shard.Columns[layout.Group].Categories!;
            for (var g = 0; g < shard.Groups.Count; g++)
            {
                var code = dictionary.GetOrAdd(names[g]);
                while (groupTables.Count <= code)
                {
                    groupTables.Add(null);
                }

                (groupTables[code] ??= []).Add(shard.Groups[g]);
            }
        }

        Added++;
    }

    /// <summary>
    /// Reads the reference (request.ReferencePath) for drift, evaluates the plan, and returns the result of
    /// <see cref="ValidationRunner.Run"/> on the whole file. Every shard must have been added; a merge completes once.
    /// </summary>
    public ValidationResult Complete()
    {
        if (completed)
        {
            throw new InvalidOperationException("the merge is already complete");
        }

        if (Added != ShardCount)
        {
            throw new ArgumentException(
                $"{ShardCount - Added} of {ShardCount} shards are missing (indexes {string.Join(", ", Enumerable.Range(Added, Math.Min(10, ShardCount - Added)))}{(ShardCount - Added > 10 ? ", …" : "")})");
        }

        completed = true;
        if (rows == 0)
        {
            // The single pass's own words for a file without data rows.
            var fileName = Path.GetFileName(request.DataPath);
            throw new InputException(TableReader.IsParquet(request.DataPath)
                ? $"{fileName}: the file has no rows"
                : $"{fileName}: the file has a header but no data rows");
        }

        var options = request.Options ?? ValidationOptions.Default;
        long? distinctIds = layout.Id >= 0 ? dictionaries[layout.Id]!.Names.Count : null;

        // Drift first, as in the single pass; each numeric column's merged table is dropped once compared.
        var (drift, referenceBlankLines) = request.ReferencePath is { } referencePath
            ? CompareWithReference(referencePath, options)
            : ([], 0);

        var binaryReport = BinaryMetrics.FromTable(RunMerge.Scores(binary!), ValidationRunner.BinaryOptionsFor(request, options));
        binary = null;
        GroupReport? groups = null;
        if (layout.Group >= 0)
        {
            // Drift may have added the reference's categories to the group column's dictionary; as in one pass they are groups without rows.
            var dictionary = dictionaries[layout.Group]!;
            // One group's table at a time, merged when its figures are computed and dropped after them.
            var runs = groupTables.ToArray();
            groupTables.Clear();
            groups = GroupMetrics.FromTables(
                dictionary.Names.Count,
                g => g < runs.Length && runs[g] is { } shardRuns ? RunMerge.Scores(shardRuns) : ScoreTable.Empty,
                ValidationRunner.GroupNames(dictionary),
                ValidationRunner.GroupOptionsFor(request, options));
        }

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
    private (List<DriftResult> Drift, long ReferenceBlankLines) CompareWithReference(string referencePath, ValidationOptions options)
    {
        var reference = ReferenceSample.Read(referencePath, layout, options, null, CancellationToken.None);
        var drift = new List<DriftResult>(layout.Drift.Length);
        for (var i = 0; i < layout.Drift.Length; i++)
        {
            var d = layout.Drift[i];
            var name = layout.Specs[d].Name;
            if (reference.IsNumeric(i))
            {
                var current = RunMerge.Values(driftValues[d]!);
                driftValues[d] = null;
                var report = NumericDrift.FromCounts(ValueCounts.Of(reference.FiniteValues(i), "reference"), current);
                drift.Add(new DriftResult(name, report, null, reference.Rows));
            }
            else
            {
                drift.Add(new DriftResult(name, null, reference.Categorical(i, dictionaries[d]!, [.. categoryCounts[d]!]), reference.Rows));
            }

            reference.Release(i);
        }

        return (drift, reference.BlankLines);
    }
}
