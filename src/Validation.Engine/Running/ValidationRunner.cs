using ModelRisk.Validation.Engine.Classification;
using ModelRisk.Validation.Engine.Data;
using ModelRisk.Validation.Engine.Drift;
using ModelRisk.Validation.Engine.Fairness;
using ModelRisk.Validation.Engine.Plans;
using ModelRisk.Validation.Engine.Quality;

namespace ModelRisk.Validation.Engine.Running;

/// <summary>
/// Reads the evaluation data once, in chunks, and computes every requested section from it (only the
/// leakage check, when a training file is given, reads the data again for its key columns). Only the
/// columns a section needs are kept whole; with no group column, score and label are streamed through
/// <see cref="BinaryAccumulator"/> once they would exceed the memory budget.
/// </summary>
public sealed class ValidationRunner(IProgress<ReadProgress>? progress = null)
{
    private const string MissingGroupName = "(missing)";

    public ValidationResult Run(ValidationRequest request)
    {
        var options = request.Options ?? ValidationOptions.Default;
        CheckThreshold(request);
        var layout = ColumnLayout.For(request);

        // The reference is independent of the data until drift is computed, so it is read on a second core.
        using var cancellation = new CancellationTokenSource();
        var referenceTask = request.ReferencePath is { } referencePath
            ? Task.Run(() => ReferenceSample.Read(referencePath, layout, options, progress, cancellation.Token), cancellation.Token)
            : null;
        DataColumns data;
        try
        {
            data = ReadData(request, layout, options);
        }
        catch
        {
            cancellation.Cancel();
            try
            {
                referenceTask?.Wait(CancellationToken.None);
            }
            catch (AggregateException)
            {
                // The data's own error is the one to report.
            }

            throw;
        }

        var reference = referenceTask?.GetAwaiter().GetResult();
        var referenceBlankLines = reference?.BlankLines ?? 0;

        // Drift first: it frees the drift columns as it goes, so the sorts behind the binary and group
        // metrics run with only score, label and group still held.
        var drift = reference is null ? [] : ComputeDrift(layout, data, reference);
        reference = null;

        var binary = data.Accumulator is { } accumulator
            ? accumulator.ToReport(BinaryOptionsFor(request, options))
            : BinaryMetrics.Compute(data.Scores!.Values, data.Labels!.Values, BinaryOptionsFor(request, options));

        GroupReport? groups = null;
        if (layout.Group >= 0)
        {
            var names = GroupNames(data.Categories[layout.Group]!);
            groups = GroupMetrics.Compute(data.Scores!.Values, data.Labels!.Values, data.GroupCodes!.Values, names, GroupOptionsFor(request, options));
        }

        var leakage = request.TrainPath is { } train
            ? LeakageCheck.Run(request.DataPath, train, request.LeakageKeys ?? [], [request.ScoreColumn], options.ChunkRows)
            : null;
        return Complete(
            request,
            layout,
            new DataSummary(data.Rows, data.Accumulator is not null, data.Quality, data.Missing, data.DistinctIds, data.BlankLines),
            binary,
            groups,
            drift,
            leakage,
            referenceBlankLines);
    }

    /// <summary>What the data pass found besides the metrics, as the single pass and the merge of shards both have it.</summary>
    internal sealed record DataSummary(long Rows, bool Streamed, QualityAccumulator Quality, long[] Missing, long? DistinctIds, long BlankLines);

    /// <summary>The quality report, the plan's tests and the result, assembled one way for the single pass and the merge.</summary>
    internal static ValidationResult Complete(
        ValidationRequest request,
        ColumnLayout layout,
        DataSummary data,
        BinaryReport binary,
        GroupReport? groups,
        IReadOnlyList<DriftResult> drift,
        LeakageReport? leakage,
        long referenceBlankLines)
    {
        var notes = layout.Notes.ToList();
        if (referenceBlankLines > 0)
        {
            notes.Add($"{Path.GetFileName(request.ReferencePath)}: {referenceBlankLines} blank lines skipped");
        }

        var quality = data.Quality.ToReport(data.Missing, data.DistinctIds, leakage, data.BlankLines, notes);

        var catalog = ValidationResult.Catalog(data.Rows, binary, groups, drift, quality);
        var tests = request.Plan is { } plan ? TestPlanEvaluator.Evaluate(plan, catalog) : [];
        return new ValidationResult(request, data.Rows, data.Streamed, binary, groups, drift, quality, request.Plan?.Name, tests);
    }

    internal static BinaryOptions BinaryOptionsFor(ValidationRequest request, ValidationOptions options) =>
        new(request.Threshold, options.BootstrapResamples, options.Seed, options.ConfidenceLevel);

    internal static GroupOptions GroupOptionsFor(ValidationRequest request, ValidationOptions options) =>
        new(request.Threshold, options.MinGroupRows, options.BootstrapResamples, options.Seed, options.ConfidenceLevel);

    /// <summary>The group column's categories as the report names them: the missing value has a name of its own.</summary>
    internal static List<string> GroupNames(CategoryDictionary categories) =>
        [.. categories.Names.Select(n => n.Length == 0 ? MissingGroupName : n)];

    /// <summary>
    /// Whether score and label are streamed through the accumulator rather than held (only without a group
    /// column, whose metrics need them whole), given the expected number of rows.
    /// </summary>
    internal static bool Streams(ColumnLayout layout, long expectedRows, ValidationOptions options) =>
        layout.Group < 0 && expectedRows * (sizeof(double) + sizeof(byte)) > options.EffectiveMemoryBudget;

    internal static void CheckThreshold(ValidationRequest request)
    {
        if (!double.IsFinite(request.Threshold))
        {
            throw new InputException($"threshold {request.Threshold} is not a finite number");
        }
    }

    private DataColumns ReadData(ValidationRequest request, ColumnLayout layout, ValidationOptions options)
    {
        using var reader = TableReader.Open(request.DataPath, layout.Specs);
        var chunk = new TableChunk(layout.Specs, TableReader.ChunkRows(reader, options.ChunkRows));
        var quality = new QualityAccumulator(layout.Specs, layout.Roles, layout.Score, layout.Id);
        var data = new DataColumns(quality, layout.Specs.Count);
        var fileName = Path.GetFileName(request.DataPath);
        var first = true;
        while (reader.ReadChunk(chunk))
        {
            if (first)
            {
                first = false;
                var expected = (long)(Math.Max(reader.EstimatedRows, chunk.Rows) * 1.03) + 16;
                data.Start(layout, Streams(layout, expected, options), expected);
            }
            else
            {
                data.Expect((long)(reader.EstimatedRows * 1.03) + 16);
            }

            quality.Add(chunk);
            Guard(fileName, request, quality);
            data.Append(chunk, layout);
            progress?.Report(new ReadProgress(fileName, reader.RowsRead, reader.EstimatedRows));
        }

        data.Rows = reader.RowsRead;
        data.BlankLines = reader.BlankLines;
        for (var c = 0; c < layout.Specs.Count; c++)
        {
            data.Missing[c] = reader.MissingCount(c);
            if (layout.Specs[c].Kind == ColumnKind.Categorical)
            {
                data.Categories[c] = reader.Categories(c);
            }
        }

        if (layout.Id >= 0)
        {
            data.DistinctIds = reader.Categories(layout.Id).Names.Count;
        }

        return data;
    }

    // Rows with a missing score or label cannot be scored honestly, and dropping them would bias the metrics;
    // scores outside [0, 1] are not probabilities, so calibration and log loss would be meaningless.
    internal static void Guard(string fileName, ValidationRequest request, QualityAccumulator quality)
    {
        if (quality.FirstNonFiniteScoreRow >= 0)
        {
            throw new InputException(
                $"{fileName}: column '{request.ScoreColumn}' has a missing, NaN or infinite score at row {quality.FirstNonFiniteScoreRow + 1}");
        }

        if (quality.FirstOutOfRangeScoreRow >= 0)
        {
            throw new InputException(
                $"{fileName}: column '{request.ScoreColumn}' has a score outside [0, 1] at row {quality.FirstOutOfRangeScoreRow + 1}; the metrics need probabilities");
        }

        if (quality.FirstBadLabelRow >= 0)
        {
            var what = quality.LabelsNotBinary > 0 ? "a label other than 0/1" : "a missing label";
            throw new InputException($"{fileName}: column '{request.LabelColumn}' has {what} at row {quality.FirstBadLabelRow + 1}");
        }
    }

    private static IReadOnlyList<DriftResult> ComputeDrift(ColumnLayout layout, DataColumns data, ReferenceSample reference)
    {
        var results = new DriftResult[layout.Drift.Length];
        for (var i = 0; i < layout.Drift.Length; i++)
        {
            // Each numeric comparison sorts copies of both samples; collecting before each one returns the
            // previous column's copies and the readers' buffers, so the peak is one column's working set.
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: false);
            var d = layout.Drift[i];
            var name = layout.Specs[d].Name;
            if (reference.IsNumeric(i))
            {
                // Compute builds both distinct-value tables and drops them on return, before the next column's sort.
                results[i] = new DriftResult(name, NumericDrift.Compute(reference.FiniteValues(i), ReferenceSample.Finite(data.Numeric[d]!)), null, reference.Rows);
            }
            else
            {
                var dictionary = data.Categories[d]!;
                var counts = new long[dictionary.Names.Count];
                foreach (var code in data.Codes[d]!.Values)
                {
                    counts[code]++;
                }

                results[i] = new DriftResult(name, null, reference.Categorical(i, dictionary, counts), reference.Rows);
            }

            // Drift is the last use of both columns.
            reference.Release(i);
            if (d != layout.Score && d != layout.Group)
            {
                data.Numeric[d] = null;
                data.Codes[d] = null;
            }
        }

        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: false);
        return results;
    }

    private sealed class DataColumns(QualityAccumulator quality, int columns)
    {
        public QualityAccumulator Quality { get; } = quality;

        public long Rows { get; set; }

        public long BlankLines { get; set; }

        public long[] Missing { get; } = new long[columns];

        public CategoryDictionary?[] Categories { get; } = new CategoryDictionary?[columns];

        public long? DistinctIds { get; set; }

        public BinaryAccumulator? Accumulator { get; private set; }

        public ColumnBuilder<double>? Scores { get; private set; }

        public ColumnBuilder<byte>? Labels { get; private set; }

        public ColumnBuilder<int>? GroupCodes { get; private set; }

        public ColumnBuilder<double>?[] Numeric { get; } = new ColumnBuilder<double>?[columns];

        public ColumnBuilder<int>?[] Codes { get; } = new ColumnBuilder<int>?[columns];

        public void Start(ColumnLayout layout, bool stream, long expectedRows)
        {
            if (stream)
            {
                Accumulator = new BinaryAccumulator();
            }
            else
            {
                Scores = new ColumnBuilder<double>(expectedRows);
                Labels = new ColumnBuilder<byte>(expectedRows);
                Numeric[layout.Score] = Scores;
            }

            foreach (var d in layout.Drift)
            {
                if (layout.Specs[d].Kind == ColumnKind.Numeric)
                {
                    Numeric[d] ??= new ColumnBuilder<double>(expectedRows);
                }
                else
                {
                    Codes[d] ??= new ColumnBuilder<int>(expectedRows);
                }
            }

            if (layout.Group >= 0)
            {
                GroupCodes = Codes[layout.Group] ??= new ColumnBuilder<int>(expectedRows);
            }
        }

        public void Expect(long expectedRows)
        {
            Scores?.Expect(expectedRows);
            Labels?.Expect(expectedRows);
            foreach (var column in Numeric)
            {
                column?.Expect(expectedRows);
            }

            foreach (var column in Codes)
            {
                column?.Expect(expectedRows);
            }
        }

        public void Append(TableChunk chunk, ColumnLayout layout)
        {
            if (Accumulator is { } accumulator)
            {
                accumulator.Add(chunk.Numeric(layout.Score), chunk.Labels(layout.Label));
            }
            else
            {
                Labels!.Append(chunk.Labels(layout.Label));
            }

            for (var c = 0; c < Numeric.Length; c++)
            {
                Numeric[c]?.Append(chunk.Numeric(c));
                Codes[c]?.Append(chunk.Codes(c));
            }
        }
    }
}
