using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Options;
using ModelRisk.Contracts.Monitoring.V1;
using ModelRisk.Datasets.Storage;
using ModelRisk.Datasets.Storage.PredictionLogs;
using ModelRisk.Validation.Engine;
using ModelRisk.Validation.Engine.Classification;
using ModelRisk.Validation.Engine.Data;
using ModelRisk.Validation.Engine.Drift;
using ModelRisk.Validation.Engine.Fairness;

namespace ModelRisk.ValidationWorker.Monitoring;

/// <summary>
/// Evaluates one monitoring window from the objects its job names (ADR 098): the labels are read first into a table
/// keyed by prediction id (the latest observed_at wins, ties to the later object key, then the later row); the
/// prediction objects are then streamed row by row, keeping rows with WindowStart ≤ timestamp &lt; WindowEnd; the
/// reference's drift columns are read meanwhile on another core with the engine's readers. Every figure comes from
/// Validation.Engine (NumericDrift, CategoricalDrift, BinaryMetrics, GroupMetrics); a metric that cannot be computed
/// is null with its reason and never fails the job. Objects are read in ordinal key order whatever the job's order,
/// so the same objects give the same values on every delivery.
/// </summary>
/// <remarks>
/// Memory: what is held beyond one row is the label table (one entry per labelled prediction id named by the job),
/// per drift column the window's finite values, per labelled row its score, label and group code, and the reference's
/// drift columns. Half of <see cref="WorkerOptions.JobMemoryBudgetBytes"/> bounds the window's held values
/// (<see cref="HeldValueBytes"/> per drift value, <see cref="HeldLabelledRowBytes"/> per labelled row, counting the engine's
/// sort buffers), the other half the reference's. Past its half, a side stops holding values and the metrics that
/// need them are null with the reason; the counts (volume, missing and out-of-range rates) are exact whatever the size.
/// </remarks>
public sealed class MonitoringWindowEvaluator(IDatasetStorage storage, JobFiles files, IOptions<WorkerOptions> options)
{
    /// <summary>A held drift value: 8 bytes, plus the sorted copy and cumulative counts the engine builds to compare it.</summary>
    public const int HeldValueBytes = 24;

    /// <summary>A held labelled row: score, label and group code, plus the engine's sort of the scores.</summary>
    public const int HeldLabelledRowBytes = 32;

    private const string MissingGroupName = "(missing)";
    private const int ScoreSource = -2;
    private const int GroupSource = -3;
    private const int Absent = -1;

    public async Task<WindowEvaluation> EvaluateAsync(EvaluateMonitoringWindow job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (!(job.WindowEnd > job.WindowStart))
        {
            throw new InvalidOperationException(
                $"evaluation {job.EvaluationId}: the window ends at {PredictionLogFormat.FormatTimestamp(job.WindowEnd)}, not after its start {PredictionLogFormat.FormatTimestamp(job.WindowStart)}");
        }

        var budget = options.Value.JobMemoryBudgetBytes / 2;
        var columns = new Dictionary<string, WindowColumn>(StringComparer.Ordinal);
        foreach (var metric in job.Metrics)
        {
            if (!MonitoringMetrics.PerColumn.Contains(metric.Metric) || string.IsNullOrEmpty(metric.Column))
            {
                continue;
            }

            if (!columns.TryGetValue(metric.Column, out var column))
            {
                columns[metric.Column] = column = new WindowColumn(metric.Column);
            }

            column.HasDriftMetric |= MonitoringMetrics.Drift.Contains(metric.Metric);
        }

        var rangeChecks = new WindowColumn.RangeCheck?[job.Metrics.Count];
        for (var m = 0; m < job.Metrics.Count; m++)
        {
            var metric = job.Metrics[m];
            if (metric.Metric == MonitoringMetrics.OutOfRangeRate && !string.IsNullOrEmpty(metric.Column) && (metric.Min is not null || metric.Max is not null))
            {
                rangeChecks[m] = new WindowColumn.RangeCheck(metric.Min, metric.Max);
                columns[metric.Column].RangeChecks.Add(rangeChecks[m]!);
            }
        }

        var needsLabels = job.Metrics.Any(m => IsPerformance(m.Metric) || IsFairness(m.Metric));
        var state = new WindowState(job, budget, needsLabels && job.LabelKeys.Count > 0);

        LocalObject? referenceFile = null;
        Task<ReferenceColumns>? referenceTask = null;

        // The reference is read on another core while the log streams; a failure of either stops the other.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            var driftColumns = columns.Values.Where(c => c.HasDriftMetric).ToList();
            if (job.ReferenceKey is { } referenceKey && driftColumns.Count > 0)
            {
                referenceFile = await files.OpenLocalAsync("reference", referenceKey, job.ReferenceFormat ?? "Csv", cancellationToken);
                var path = referenceFile.Path;
                var inReference = TableReader.ReadColumnNames(path).ToHashSet(StringComparer.Ordinal);
                var present = driftColumns.Where(c => inReference.Contains(c.Name)).ToList();
                var specs = present.Count == 0 ? [] : TableReader.InferKinds(path, present.Select(c => c.Name).ToList());
                for (var i = 0; i < present.Count; i++)
                {
                    present[i].DriftKind = specs[i].Kind == ColumnKind.Numeric ? ColumnKind.Numeric : ColumnKind.Categorical;
                    if (present[i].DriftKind == ColumnKind.Numeric)
                    {
                        present[i].Values = [];
                    }
                    else
                    {
                        present[i].Categories = new Dictionary<string, long>(StringComparer.Ordinal);
                    }
                }

                var referenceSpecs = present.Select(c => new ColumnSpec(c.Name, c.DriftKind!.Value)).ToList();
                referenceTask = referenceSpecs.Count == 0
                    ? Task.FromResult(ReferenceColumns.Empty)
                    : Task.Run(() => ReferenceColumns.Read(path, referenceSpecs, budget, stop.Token), stop.Token);
            }

            if (state.HoldsLabels)
            {
                await LoadLabelsAsync(job.LabelKeys, state, cancellationToken);
            }

            var ordered = columns.Values.ToArray();
            state.Columns = ordered;
            foreach (var key in job.PredictionKeys.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
            {
                await using var stream = await storage.OpenReadAsync(key, 0, null, cancellationToken);
                await Task.Run(() => ReadPredictions(stream, key, ordered, state, cancellationToken), cancellationToken);
            }

            var reference = referenceTask is null ? null : await referenceTask;
            return new WindowEvaluation(state.Rows, state.Labelled, state.First, state.Last, Compute(job, columns, rangeChecks, state, reference));
        }
        catch
        {
            await stop.CancelAsync();
            throw;
        }
        finally
        {
            if (referenceTask is not null)
            {
                try
                {
                    await referenceTask;
                }
                catch (Exception)
                {
                    // Awaited above when the window completed; here only so that the file is not removed under the
                    // reader when the window failed, whose own error is the one to report.
                }
            }

            if (referenceFile is not null)
            {
                await referenceFile.DisposeAsync();
            }
        }
    }

    private async Task LoadLabelsAsync(IReadOnlyList<string> keys, WindowState state, CancellationToken cancellationToken)
    {
        var lookup = state.LabelTable.GetAlternateLookup<ReadOnlySpan<char>>();
        foreach (var key in keys.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            await using var stream = await storage.OpenReadAsync(key, 0, null, cancellationToken);
            await Task.Run(
                () =>
                {
                    using var reader = new LabelLogReader(stream, key);
                    while (reader.MoveNext())
                    {
                        // Later objects (in key order) and later rows win ties: >=.
                        var entry = new LabelEntry(reader.Label, reader.ObservedAt.UtcTicks);
                        ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(lookup, reader.PredictionId, out var exists);
                        if (!exists || entry.ObservedTicks >= slot.ObservedTicks)
                        {
                            slot = entry;
                        }
                    }
                },
                cancellationToken);
        }
    }

    private static void ReadPredictions(Stream stream, string key, WindowColumn[] columns, WindowState state, CancellationToken cancellationToken)
    {
        using var reader = new PredictionLogReader(stream, key);
        var sources = new int[columns.Length];
        for (var c = 0; c < columns.Length; c++)
        {
            sources[c] = Source(columns[c].Name, reader.FeatureNames);
            columns[c].InLog |= sources[c] != Absent;
        }

        var groupSource = state.Job.GroupColumn is { } groupColumn ? Source(groupColumn, reader.FeatureNames) : Absent;
        state.GroupInLog |= groupSource != Absent;
        var labels = state.HoldsLabels ? state.LabelTable.GetAlternateLookup<ReadOnlySpan<char>>() : default;
        var start = state.Job.WindowStart;
        var end = state.Job.WindowEnd;
        long read = 0;
        while (reader.MoveNext())
        {
            if ((++read & 0xFFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var timestamp = reader.Timestamp;
            if (timestamp < start || timestamp >= end)
            {
                continue;
            }

            state.Rows++;
            if (state.First is not { } first || timestamp < first)
            {
                state.First = timestamp;
            }

            if (state.Last is not { } last || timestamp > last)
            {
                state.Last = timestamp;
            }

            for (var c = 0; c < columns.Length; c++)
            {
                AddCell(columns[c], sources[c], reader, state);
            }

            if (state.HoldsLabels && labels.TryGetValue(reader.PredictionId, out var label))
            {
                state.Labelled++;
                if (state.Hold(HeldLabelledRowBytes))
                {
                    var group = groupSource == Absent ? [] : Cell(groupSource, reader);
                    state.Scores!.Add(reader.Score);
                    state.Labels!.Add(label.Label);
                    state.GroupCodes!.Add(state.Groups.GetOrAdd(TableReader.IsMissingToken(group) ? [] : group));
                }
            }
        }
    }

    private static void AddCell(WindowColumn column, int source, PredictionLogReader reader, WindowState state)
    {
        if (source == Absent)
        {
            column.Missing++;
            if (column.Categories is not null)
            {
                column.Count([]);
            }

            return;
        }

        double value;
        if (source == ScoreSource)
        {
            value = reader.Score;
        }
        else
        {
            var cell = Cell(source, reader);
            if (TableReader.IsMissingToken(cell) || cell.SequenceEqual("NaN"))
            {
                column.Missing++;
                if (column.Categories is not null)
                {
                    column.Count([]);
                }

                return;
            }

            if (column.Categories is not null)
            {
                column.Count(cell);
            }

            if (!column.NeedsNumbers)
            {
                return;
            }

            if (!double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
            {
                column.NotNumeric++;
                column.FirstNotNumeric ??= cell.Length <= 40 ? cell.ToString() : cell[..40].ToString() + "…";
                foreach (var check in column.RangeChecks)
                {
                    check.Outside++;
                }

                return;
            }
        }

        foreach (var check in column.RangeChecks)
        {
            check.Add(value);
        }

        if (column.Values is { } values && double.IsFinite(value))
        {
            if (state.Hold(HeldValueBytes))
            {
                values.Add(value);
            }
        }
    }

    private static ReadOnlySpan<char> Cell(int source, PredictionLogReader reader) =>
        source == GroupSource ? reader.Group : reader.Feature(source);

    // A column the metrics name: the log's score and group, or a feature of this object.
    private static int Source(string name, IReadOnlyList<string> features)
    {
        if (name == PredictionLogFormat.ScoreColumn)
        {
            return ScoreSource;
        }

        if (name == PredictionLogFormat.GroupColumn)
        {
            return GroupSource;
        }

        for (var i = 0; i < features.Count; i++)
        {
            if (string.Equals(features[i], name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return Absent;
    }

    private static bool IsPerformance(string metric) =>
        metric is MonitoringMetrics.RocAuc or MonitoringMetrics.Accuracy or MonitoringMetrics.Brier or MonitoringMetrics.Ece;

    private static bool IsFairness(string metric) =>
        metric is MonitoringMetrics.DemographicParityDifference or MonitoringMetrics.EqualizedOddsDifference;

    private static List<WindowMetricValue> Compute(
        EvaluateMonitoringWindow job, Dictionary<string, WindowColumn> columns, WindowColumn.RangeCheck?[] rangeChecks, WindowState state, ReferenceColumns? reference)
    {
        var values = new List<WindowMetricValue>(job.Metrics.Count);
        var drift = new Dictionary<string, NumericDriftReport>(StringComparer.Ordinal);
        var categorical = new Dictionary<string, CategoricalDriftReport>(StringComparer.Ordinal);
        BinaryReport? binary = null;
        GroupReport? groups = null;
        var labelledReason = LabelledReason(job, state);
        for (var m = 0; m < job.Metrics.Count; m++)
        {
            var metric = job.Metrics[m];
            MetricValue value;
            if (!MonitoringMetrics.Computed.Contains(metric.Metric))
            {
                value = MetricValue.Undefined($"'{metric.Metric}' is not a metric the workers compute (they compute {string.Join(", ", MonitoringMetrics.Computed.Order(StringComparer.Ordinal))})");
            }
            else if (metric.Metric == MonitoringMetrics.Volume)
            {
                value = MetricValue.Of(state.Rows);
            }
            else if (MonitoringMetrics.PerColumn.Contains(metric.Metric) && string.IsNullOrEmpty(metric.Column))
            {
                value = MetricValue.Undefined($"{metric.Metric} needs a column");
            }
            else if (MonitoringMetrics.PerColumn.Contains(metric.Metric))
            {
                var column = columns[metric.Column!];
                value = !column.InLog ? MetricValue.Undefined($"column '{column.Name}' is in none of the window's prediction objects")
                    : state.Rows == 0 ? MetricValue.Undefined("the window has no prediction rows")
                    : metric.Metric == MonitoringMetrics.MissingRate ? MetricValue.Of((double)column.Missing / state.Rows)
                    : metric.Metric == MonitoringMetrics.OutOfRangeRate ? OutOfRange(column, rangeChecks[m], state.Rows)
                    : Drift(metric.Metric, column, job, state, reference, drift, categorical);
            }
            else if (labelledReason is not null)
            {
                value = MetricValue.Undefined(labelledReason);
            }
            else if (IsPerformance(metric.Metric))
            {
                binary ??= BinaryMetrics.Compute(
                    CollectionsMarshal.AsSpan(state.Scores), CollectionsMarshal.AsSpan(state.Labels), new BinaryOptions(Threshold: 0.5, BootstrapResamples: 0));
                value = metric.Metric switch
                {
                    MonitoringMetrics.RocAuc => binary.RocAuc,
                    MonitoringMetrics.Accuracy => binary.Accuracy,
                    MonitoringMetrics.Brier => binary.Brier,
                    _ => binary.Ece,
                };
            }
            else if (job.GroupColumn is null)
            {
                value = MetricValue.Undefined($"{metric.Metric} needs the plan's group column, and it names none");
            }
            else if (!state.GroupInLog)
            {
                value = MetricValue.Undefined($"group column '{job.GroupColumn}' is in none of the window's prediction objects");
            }
            else
            {
                groups ??= GroupMetrics.Compute(
                    CollectionsMarshal.AsSpan(state.Scores),
                    CollectionsMarshal.AsSpan(state.Labels),
                    CollectionsMarshal.AsSpan(state.GroupCodes),
                    [.. state.Groups.Names.Select(n => n.Length == 0 ? MissingGroupName : n)],
                    new GroupOptions(Threshold: 0.5, BootstrapResamples: 0));
                value = metric.Metric == MonitoringMetrics.DemographicParityDifference
                    ? groups.Fairness.DemographicParityDifference.Value
                    : groups.Fairness.EqualizedOddsDifference.Value;
            }

            values.Add(new WindowMetricValue(metric.Metric, metric.Column, value.Value, value.UndefinedReason));
        }

        return values;
    }

    // Why performance and fairness metrics cannot be computed, or null when they can.
    private static string? LabelledReason(EvaluateMonitoringWindow job, WindowState state)
    {
        if (state.Rows == 0)
        {
            return "the window has no prediction rows";
        }

        if (job.LabelKeys.Count == 0)
        {
            return "the job names no label objects, so no row of the window is labelled";
        }

        if (state.Labelled == 0)
        {
            return "no prediction of the window has a label yet";
        }

        if (state.OverBudget)
        {
            return OverBudgetReason(state);
        }

        var outside = state.Scores!.Count(s => s is < 0 or > 1);
        return outside > 0 ? $"{outside} labelled rows have a score outside [0, 1]; the performance and fairness metrics need probabilities" : null;
    }

    private static string OverBudgetReason(WindowState state) =>
        $"the window holds more values than the worker's memory budget allows ({state.Budget / (1024 * 1024)} MiB, half of Worker:JobMemoryBudgetBytes); shorten the plan's window or raise the budget";

    private static MetricValue OutOfRange(WindowColumn column, WindowColumn.RangeCheck? check, long rows)
    {
        if (check is null)
        {
            return MetricValue.Undefined($"out_of_range_rate of '{column.Name}' needs a Min or a Max");
        }

        var present = rows - column.Missing;
        return present == 0
            ? MetricValue.Undefined($"column '{column.Name}' has no value in the window")
            : MetricValue.Of((double)check.Outside / present);
    }

    private static MetricValue Drift(
        string metric,
        WindowColumn column,
        EvaluateMonitoringWindow job,
        WindowState state,
        ReferenceColumns? reference,
        Dictionary<string, NumericDriftReport> numeric,
        Dictionary<string, CategoricalDriftReport> categorical)
    {
        if (job.ReferenceKey is null || reference is null)
        {
            return MetricValue.Undefined($"{metric} needs a reference dataset, and the plan has none");
        }

        if (column.DriftKind is null)
        {
            return MetricValue.Undefined($"column '{column.Name}' is not in the reference dataset");
        }

        if (reference.OverBudget)
        {
            return MetricValue.Undefined(
                $"the reference dataset holds more values than the worker's memory budget allows ({reference.Budget / (1024 * 1024)} MiB, half of Worker:JobMemoryBudgetBytes); use a smaller reference or raise the budget");
        }

        if (column.DriftKind == ColumnKind.Categorical)
        {
            if (metric != MonitoringMetrics.Psi)
            {
                return MetricValue.Undefined($"column '{column.Name}' is categorical in the reference dataset; {metric} compares numbers");
            }

            if (!categorical.TryGetValue(column.Name, out var report))
            {
                var (names, referenceCounts) = reference.CategoryCounts(column.Name);
                var all = names.ToList();
                var index = all.Select((n, i) => (n, i)).ToDictionary(p => p.n, p => p.i, StringComparer.Ordinal);
                foreach (var name in column.Categories!.Keys.Order(StringComparer.Ordinal))
                {
                    if (index.TryAdd(name, all.Count))
                    {
                        all.Add(name);
                    }
                }

                var referenceTable = new long[all.Count];
                referenceCounts.CopyTo(referenceTable);
                var currentTable = new long[all.Count];
                foreach (var (name, count) in column.Categories)
                {
                    currentTable[index[name]] = count;
                }

                report = CategoricalDrift.FromCounts([.. all.Select(n => n.Length == 0 ? MissingGroupName : n)], referenceTable, currentTable);
                categorical[column.Name] = report;
            }

            return report.Psi;
        }

        if (column.NotNumeric > 0)
        {
            return MetricValue.Undefined(
                $"column '{column.Name}' is numeric in the reference dataset but has {column.NotNumeric} values in the window that are not numbers (the first: '{column.FirstNotNumeric}')");
        }

        if (state.OverBudget)
        {
            return MetricValue.Undefined(OverBudgetReason(state));
        }

        if (!numeric.TryGetValue(column.Name, out var drift))
        {
            drift = NumericDrift.Compute(reference.Values(column.Name), CollectionsMarshal.AsSpan(column.Values));
            numeric[column.Name] = drift;
        }

        return metric switch
        {
            MonitoringMetrics.Psi => drift.Psi,
            MonitoringMetrics.JensenShannon => drift.JsDistance,
            _ => drift.Ks,
        };
    }

    private readonly record struct LabelEntry(byte Label, long ObservedTicks);

    /// <summary>What the window has gathered so far, and the budget its held values draw on.</summary>
    private sealed class WindowState(EvaluateMonitoringWindow job, long budget, bool holdsLabels)
    {
        private long held;

        public EvaluateMonitoringWindow Job { get; } = job;

        public long Budget { get; } = budget;

        public bool HoldsLabels { get; } = holdsLabels;

        public Dictionary<string, LabelEntry> LabelTable { get; } = new(StringComparer.Ordinal);

        public long Rows { get; set; }

        public long Labelled { get; set; }

        public DateTimeOffset? First { get; set; }

        public DateTimeOffset? Last { get; set; }

        public bool GroupInLog { get; set; }

        public bool OverBudget { get; private set; }

        public List<double>? Scores { get; } = holdsLabels ? [] : null;

        public List<byte>? Labels { get; } = holdsLabels ? [] : null;

        public List<int>? GroupCodes { get; } = holdsLabels ? [] : null;

        public CategoryDictionary Groups { get; } = new();

        /// <summary>The columns whose values are held for drift, let go with the rest when the budget is spent.</summary>
        public IReadOnlyList<WindowColumn> Columns { get; set; } = [];

        /// <summary>Draws <paramref name="bytes"/> on the budget; false (from then on) once it is spent, and what was held is let go.</summary>
        public bool Hold(int bytes)
        {
            if (OverBudget)
            {
                return false;
            }

            held += bytes;
            if (held <= Budget)
            {
                return true;
            }

            OverBudget = true;
            Scores?.Clear();
            Scores?.TrimExcess();
            Labels?.Clear();
            Labels?.TrimExcess();
            GroupCodes?.Clear();
            GroupCodes?.TrimExcess();
            foreach (var column in Columns)
            {
                column.Values = null;
            }

            return false;
        }
    }
}
