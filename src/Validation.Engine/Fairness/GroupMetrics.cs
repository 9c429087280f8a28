using ModelRisk.Validation.Engine.Classification;
using ModelRisk.Validation.Engine.Statistics;

namespace ModelRisk.Validation.Engine.Fairness;

/// <summary>
/// Per-group slices and Fairlearn's group fairness gaps. Slices under <see cref="GroupOptions.MinSliceRows"/>
/// are reported but left out of the gaps. Intervals come from a Poisson bootstrap of rows, which for these
/// gaps reduces to one Poisson(count) draw per (group, label, decision) cell.
/// </summary>
public static class GroupMetrics
{
    public static GroupReport Compute(ReadOnlySpan<double> scores, ReadOnlySpan<byte> labels, ReadOnlySpan<int> groupCodes, IReadOnlyList<string> groupNames, GroupOptions options)
    {
        ArgumentNullException.ThrowIfNull(groupNames);
        ArgumentNullException.ThrowIfNull(options);
        return FromTables(GroupTables(scores, labels, groupCodes, groupNames.Count), groupNames, options);
    }

    /// <summary>Splits the rows by group and sorts each group once into its distinct-score table.</summary>
    internal static ScoreTable[] GroupTables(ReadOnlySpan<double> scores, ReadOnlySpan<byte> labels, ReadOnlySpan<int> codes, int groups)
    {
        if (scores.Length != labels.Length || scores.Length != codes.Length)
        {
            throw new ArgumentException($"scores, labels and group codes must have the same length ({scores.Length}, {labels.Length}, {codes.Length})");
        }

        var offsets = new int[groups + 1];
        for (var i = 0; i < codes.Length; i++)
        {
            var code = codes[i];
            if ((uint)code >= (uint)groups)
            {
                throw new ArgumentOutOfRangeException(nameof(codes), $"row {i} has group code {code} but there are {groups} group names");
            }

            offsets[code + 1]++;
        }

        for (var g = 0; g < groups; g++)
        {
            offsets[g + 1] += offsets[g];
        }

        var groupedScores = GC.AllocateUninitializedArray<double>(scores.Length);
        var groupedLabels = GC.AllocateUninitializedArray<byte>(scores.Length);
        var cursor = offsets.AsSpan(0, groups).ToArray();
        for (var i = 0; i < scores.Length; i++)
        {
            var at = cursor[codes[i]]++;
            groupedScores[at] = scores[i];
            groupedLabels[at] = labels[i];
        }

        var tables = new ScoreTable[groups];
        for (var g = 0; g < groups; g++)
        {
            var range = offsets[g]..offsets[g + 1];
            tables[g] = ScoreTable.Build(groupedScores.AsSpan(range), groupedLabels.AsSpan(range));
        }

        return tables;
    }

    /// <summary>Every figure is a function of the per-group tables, so merged shards report exactly as one pass.</summary>
    internal static GroupReport FromTables(ScoreTable[] tables, IReadOnlyList<string> groupNames, GroupOptions options)
    {
        if (tables.Length != groupNames.Count)
        {
            throw new ArgumentException($"{tables.Length} groups of rows but {groupNames.Count} group names", nameof(groupNames));
        }

        var slices = new Dictionary<string, GroupSlice>(tables.Length, StringComparer.Ordinal);
        var eligible = new List<GroupCells>(tables.Length);
        for (var g = 0; g < tables.Length; g++)
        {
            var view = CountsView.Of(tables[g]);
            var confusion = TableMetrics.Confusion(view, options.Threshold);
            var c = new GroupCells
            {
                TruePositives = confusion.TruePositives,
                FalsePositives = confusion.FalsePositives,
                TrueNegatives = confusion.TrueNegatives,
                FalseNegatives = confusion.FalseNegatives,
            };
            var below = c.Rows < options.MinSliceRows;
            if (!below && c.Rows > 0)
            {
                eligible.Add(c);
            }

            var auc = tables[g].Rows == 0 ? MetricValue.Undefined(TableMetrics.EmptyReason)
                : tables[g].Positives == 0 || tables[g].Negatives == 0 ? MetricValue.Undefined(TableMetrics.OneClassReason)
                : MetricValue.Of(TableMetrics.Auc(view.PositiveCounts, view.NegativeCounts));
            var slice = new GroupSlice(c.Rows, auc, Rate(c.SelectionRate, "no rows"), Rate(c.Tpr, "no positive rows"), Rate(c.Fpr, "no negative rows"), below);
            if (!slices.TryAdd(groupNames[g], slice))
            {
                throw new ArgumentException($"group name '{groupNames[g]}' appears twice", nameof(groupNames));
            }
        }

        var eligibleCells = eligible.ToArray();
        var point = Gaps(eligibleCells);
        var intervals = BootstrapGaps(eligibleCells, options);
        var fairness = new FairnessReport(
            new FairnessMetric(point.ParityDifference, intervals.ParityDifference),
            new FairnessMetric(point.ParityRatio, intervals.ParityRatio),
            new FairnessMetric(point.EqualizedOdds, intervals.EqualizedOdds));
        return new GroupReport(slices, fairness);
    }

    private static MetricValue Rate(double value, string reason) => double.IsNaN(value) ? MetricValue.Undefined(reason) : MetricValue.Of(value);

    private readonly record struct GapValues(MetricValue ParityDifference, MetricValue ParityRatio, MetricValue EqualizedOdds);

    private readonly record struct GapIntervals(Interval? ParityDifference, Interval? ParityRatio, Interval? EqualizedOdds);

    private static GapValues Gaps(ReadOnlySpan<GroupCells> cells)
    {
        if (cells.Length < 2)
        {
            var reason = MetricValue.Undefined("fewer than two groups reach the minimum slice size");
            return new GapValues(reason, reason, reason);
        }

        var (minSel, maxSel) = Range(cells, static c => c.SelectionRate);
        var (minTpr, maxTpr) = Range(cells, static c => c.Tpr);
        var (minFpr, maxFpr) = Range(cells, static c => c.Fpr);
        var ratio = maxSel > 0 ? MetricValue.Of(minSel / maxSel) : MetricValue.Undefined("no group has any row selected");
        var tprGap = maxTpr - minTpr;
        var fprGap = maxFpr - minFpr;
        var odds = double.IsNaN(tprGap) || double.IsNaN(fprGap)
            ? MetricValue.Undefined("fewer than two groups have both positive and negative rows")
            : MetricValue.Of(Math.Max(tprGap, fprGap));
        return new GapValues(MetricValue.Of(maxSel - minSel), ratio, odds);
    }

    /// <summary>Min and max over the groups where the rate is defined; NaN when fewer than two are.</summary>
    private static (double Min, double Max) Range(ReadOnlySpan<GroupCells> cells, Func<GroupCells, double> rate)
    {
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        var defined = 0;
        foreach (var c in cells)
        {
            var v = rate(c);
            if (double.IsNaN(v))
            {
                continue;
            }

            defined++;
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }

        return defined < 2 ? (double.NaN, double.NaN) : (min, max);
    }

    private static GapIntervals BootstrapGaps(GroupCells[] cells, GroupOptions options)
    {
        if (cells.Length < 2 || options.BootstrapResamples < 2)
        {
            return default;
        }

        var resamples = options.BootstrapResamples;
        var parity = new double[resamples];
        var ratio = new double[resamples];
        var odds = new double[resamples];
        var drawn = new GroupCells[cells.Length];
        for (var r = 0; r < resamples; r++)
        {
            var sampler = new PoissonSampler(options.Seed, r);
            for (var g = 0; g < cells.Length; g++)
            {
                var c = cells[g];
                drawn[g] = new GroupCells
                {
                    TruePositives = sampler.Next((double)c.TruePositives),
                    FalsePositives = sampler.Next((double)c.FalsePositives),
                    TrueNegatives = sampler.Next((double)c.TrueNegatives),
                    FalseNegatives = sampler.Next((double)c.FalseNegatives),
                };
            }

            var gaps = Gaps(drawn);
            parity[r] = gaps.ParityDifference.Value ?? double.NaN;
            ratio[r] = gaps.ParityRatio.Value ?? double.NaN;
            odds[r] = gaps.EqualizedOdds.Value ?? double.NaN;
        }

        return new GapIntervals(
            Percentile.EqualTailed(parity, options.ConfidenceLevel),
            Percentile.EqualTailed(ratio, options.ConfidenceLevel),
            Percentile.EqualTailed(odds, options.ConfidenceLevel));
    }

    private struct GroupCells
    {
        public long TruePositives;
        public long FalsePositives;
        public long TrueNegatives;
        public long FalseNegatives;

        public readonly long Rows => TruePositives + FalsePositives + TrueNegatives + FalseNegatives;

        public readonly double SelectionRate => Rows == 0 ? double.NaN : (double)(TruePositives + FalsePositives) / Rows;

        public readonly double Tpr => TruePositives + FalseNegatives == 0 ? double.NaN : (double)TruePositives / (TruePositives + FalseNegatives);

        public readonly double Fpr => FalsePositives + TrueNegatives == 0 ? double.NaN : (double)FalsePositives / (FalsePositives + TrueNegatives);
    }
}
