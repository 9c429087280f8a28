using ModelRisk.Validation.Engine.Classification;
using ModelRisk.Validation.Engine.Data;
using ModelRisk.Validation.Engine.Drift;
using ModelRisk.Validation.Engine.Fairness;
using ModelRisk.Validation.Engine.Plans;
using ModelRisk.Validation.Engine.Quality;

namespace ModelRisk.Validation.Engine.Running;

/// <summary>
/// Reads the evaluation data once, in chunks, and computes every requested section from it. Only the
/// columns a section needs are kept whole; with no group column, score and label are streamed through
/// <see cref="BinaryAccumulator"/> once they would exceed the memory budget.
/// </summary>
public sealed class ValidationRunner(IProgress<ReadProgress>? progress = null)
{
    private const string MissingGroupName = "(missing)";

    public ValidationResult Run(ValidationRequest request)
    {
        var options = request.Options ?? ValidationOptions.Default;
        if (!double.IsFinite(request.Threshold))
        {
            throw new InputException($"threshold {request.Threshold} is not a finite number");
        }

        var layout = ColumnLayout.For(request);
        var data = ReadData(request, layout, options);
        var binaryOptions = new BinaryOptions(request.Threshold, options.BootstrapResamples, options.Seed, options.ConfidenceLevel);
        var binary = data.Accumulator is { } accumulator
            ? accumulator.ToReport(binaryOptions)
            : BinaryMetrics.Compute(data.Scores!.Values, data.Labels!.Values, binaryOptions);

        GroupReport? groups = null;
        if (layout.Group >= 0)
        {
            var names = data.Categories[layout.Group]!.Names.Select(n => n.Length == 0 ? MissingGroupName : n).ToList();
            groups = GroupMetrics.Compute(
                data.Scores!.Values,
                data.Labels!.Values,
                data.GroupCodes!.Values,
                names,
                new GroupOptions(request.Threshold, options.MinGroupRows, options.BootstrapResamples, options.Seed, options.ConfidenceLevel));
        }

        var drift = request.ReferencePath is { } reference
            ? ComputeDrift(reference, layout, data, options)
            : [];

        var leakage = request.TrainPath is { } train
            ? LeakageCheck.Run(request.DataPath, train, request.LeakageKeys ?? [], [request.ScoreColumn], options.ChunkRows)
            : null;
        var quality = data.Quality.ToReport(data.Missing, data.DistinctIds, leakage);

        var catalog = ValidationResult.Catalog(data.Rows, binary, groups, drift, quality);
        var tests = request.Plan is { } plan ? TestPlanEvaluator.Evaluate(plan, catalog) : [];
        return new ValidationResult(request, data.Rows, data.Accumulator is not null, binary, groups, drift, quality, request.Plan?.Name, tests);
    }

    private DataColumns ReadData(ValidationRequest request, ColumnLayout layout, ValidationOptions options)
    {
        using var reader = TableReader.Open(request.DataPath, layout.Specs);
        var chunk = new TableChunk(layout.Specs, options.ChunkRows);
        var quality = new QualityAccumulator(layout.Specs, layout.Roles, layout.Score, layout.Label, layout.Id);
        var data = new DataColumns(quality, layout.Specs.Count);
        var fileName = Path.GetFileName(request.DataPath);
        var first = true;
        while (reader.ReadChunk(chunk))
        {
            if (first)
            {
                first = false;
                var expected = (long)(Math.Max(reader.EstimatedRows, chunk.Rows) * 1.02) + 16;
                var stream = layout.Group < 0 && expected * (sizeof(double) + sizeof(byte)) > options.EffectiveMemoryBudget;
                data.Start(layout, stream, expected);
            }
            else
            {
                data.Reserve((long)(reader.EstimatedRows * 1.02) + 16);
            }

            quality.Add(chunk);
            Guard(fileName, request, quality);
            data.Append(chunk, layout);
            progress?.Report(new ReadProgress(fileName, reader.RowsRead, reader.EstimatedRows));
        }

        data.Rows = reader.RowsRead;
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
    private static void Guard(string fileName, ValidationRequest request, QualityAccumulator quality)
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

    private IReadOnlyList<DriftResult> ComputeDrift(string referencePath, ColumnLayout layout, DataColumns data, ValidationOptions options)
    {
        var referenceColumns = TableReader.ReadColumnNames(referencePath);
        var absent = layout.Drift.Where(d => !referenceColumns.Contains(layout.Specs[d].Name)).Select(d => layout.Specs[d].Name).ToList();
        if (absent.Count > 0)
        {
            throw new InputException(
                $"{Path.GetFileName(referencePath)}: the reference has another schema: it lacks {string.Join(", ", absent)}; its columns are: {string.Join(", ", referenceColumns)}");
        }

        var specs = layout.Drift.Select(d => layout.Specs[d]).ToList();
        var shared = layout.Drift
            .Where(d => layout.Specs[d].Kind == ColumnKind.Categorical)
            .ToDictionary(d => layout.Specs[d].Name, d => data.Categories[d]!, StringComparer.Ordinal);
        var columns = new object[specs.Count];
        long rows;
        using (var reader = TableReader.Open(referencePath, specs, shared))
        {
            var chunk = new TableChunk(specs, options.ChunkRows);
            var numeric = new ColumnBuilder<double>?[specs.Count];
            var codes = new ColumnBuilder<int>?[specs.Count];
            var fileName = Path.GetFileName(referencePath);
            while (reader.ReadChunk(chunk))
            {
                var expected = (long)(Math.Max(reader.EstimatedRows, chunk.Rows) * 1.02) + 16;
                for (var i = 0; i < specs.Count; i++)
                {
                    if (specs[i].Kind == ColumnKind.Numeric)
                    {
                        numeric[i] ??= new ColumnBuilder<double>(expected);
                        numeric[i]!.Reserve(expected);
                        numeric[i]!.Append(chunk.Numeric(i));
                    }
                    else
                    {
                        codes[i] ??= new ColumnBuilder<int>(expected);
                        codes[i]!.Reserve(expected);
                        codes[i]!.Append(chunk.Codes(i));
                    }
                }

                progress?.Report(new ReadProgress(fileName, reader.RowsRead, reader.EstimatedRows));
            }

            rows = reader.RowsRead;
            for (var i = 0; i < specs.Count; i++)
            {
                columns[i] = (object?)numeric[i] ?? codes[i]!;
            }
        }

        var results = new DriftResult[specs.Count];
        for (var i = 0; i < specs.Count; i++)
        {
            var d = layout.Drift[i];
            if (columns[i] is ColumnBuilder<double> reference)
            {
                var current = data.Numeric[d]!;
                results[i] = new DriftResult(specs[i].Name, NumericDrift.Compute(Finite(reference), Finite(current)), null, rows);
            }
            else
            {
                results[i] = new DriftResult(
                    specs[i].Name,
                    null,
                    CategoricalDrift.Compute(data.Categories[d]!.Names, ((ColumnBuilder<int>)columns[i]).Values, data.Codes[d]!.Values),
                    rows);
            }

            // Drift is the last use of both columns. Each numeric comparison sorts copies of both samples,
            // so releasing them and collecting here keeps the peak at one column's working set, not all of them.
            columns[i] = null!;
            if (d != layout.Score && d != layout.Group)
            {
                data.Numeric[d] = null;
                data.Codes[d] = null;
            }

            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: false);
        }

        return results;
    }

    // Missing values are reported by the quality section; drift compares the values that are there.
    private static ReadOnlySpan<double> Finite(ColumnBuilder<double> column)
    {
        var values = column.WritableValues;
        var kept = 0;
        for (var i = 0; i < values.Length; i++)
        {
            if (double.IsFinite(values[i]))
            {
                values[kept++] = values[i];
            }
        }

        column.Truncate(kept);
        return column.Values;
    }

    private sealed class DataColumns(QualityAccumulator quality, int columns)
    {
        public QualityAccumulator Quality { get; } = quality;

        public long Rows { get; set; }

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

        public void Reserve(long expectedRows)
        {
            Scores?.Reserve(expectedRows);
            Labels?.Reserve(expectedRows);
            foreach (var column in Numeric)
            {
                column?.Reserve(expectedRows);
            }

            foreach (var column in Codes)
            {
                column?.Reserve(expectedRows);
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
