using ModelRisk.Validation.Engine.Classification;
using ModelRisk.Validation.Engine.Statistics;

namespace ModelRisk.Validation.Engine.Fairness;

/// <summary>
/// Per-group slices and Fairlearn's group fairness gaps. Slices under <see cref="GroupOptions.MinSliceRows"/>
/// are reported but left out of the gaps. Intervals come from a Poisson bootstrap of rows, which for these
/// gaps reduces to one Poisson(count) draw per (group, label, decision) cell, and are bias-corrected and
/// accelerated (BCa): a max − min over groups is biased, most of all when a small group takes part, and the
/// plain percentile interval then need not contain its own estimate.
/// </summary>
public static class GroupMetrics
{
    /// <summary>Fewest rows on each side of a rate (selected and not, or each outcome within a label) for a
    /// stable interval: the usual n·p ≥ 10 rule for treating a proportion as roughly normal.</summary>
    public const long MinStableCount = 10;

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

        return FromTables(tables.Length, g => tables[g], groupNames, options);
    }

    /// <summary>
    /// The same, asking for each group's table in turn and keeping only its figures, so a caller that builds the tables
    /// on demand (the shard merge) holds one group's table at a time.
    /// </summary>
    internal static GroupReport FromTables(int groupCount, Func<int, ScoreTable> tableOf, IReadOnlyList<string> groupNames, GroupOptions options)
    {
        ArgumentNullException.ThrowIfNull(tableOf);
        if (groupCount != groupNames.Count)
        {
            throw new ArgumentException($"{groupCount} groups of rows but {groupNames.Count} group names", nameof(groupNames));
        }

        var slices = new Dictionary<string, GroupSlice>(groupCount, StringComparer.Ordinal);
        var eligible = new List<GroupCells>(groupCount);
        var eligibleNames = new List<string>(groupCount);
        for (var g = 0; g < groupCount; g++)
        {
            var table = tableOf(g);
            var view = CountsView.Of(table);
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
                eligibleNames.Add(groupNames[g]);
            }

            var auc = table.Rows == 0 ? MetricValue.Undefined(TableMetrics.EmptyReason)
                : table.Positives == 0 || table.Negatives == 0 ? MetricValue.Undefined(TableMetrics.OneClassReason)
                : MetricValue.Of(TableMetrics.Auc(view.PositiveCounts, view.NegativeCounts));
            var slice = new GroupSlice(c.Rows, auc, Rate(c.SelectionRate, "no rows"), Rate(c.Tpr, "no positive rows"), Rate(c.Fpr, "no negative rows"), below);
            if (!slices.TryAdd(groupNames[g], slice))
            {
                throw new ArgumentException($"group name '{groupNames[g]}' appears twice", nameof(groupNames));
            }
        }

        var eligibleCells = eligible.ToArray();
        var point = Gaps(eligibleCells);
        var intervals = BootstrapGaps(eligibleCells, point, options);
        var parityNote = SmallGroups(eligibleCells, eligibleNames, parity: true);
        var oddsNote = SmallGroups(eligibleCells, eligibleNames, parity: false);
        var fairness = new FairnessReport(
            Metric(point.ParityDifference, intervals.ParityDifference, parityNote),
            Metric(point.ParityRatio, intervals.ParityRatio, parityNote),
            Metric(point.EqualizedOdds, intervals.EqualizedOdds, oddsNote));
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

    private static GapIntervals BootstrapGaps(GroupCells[] cells, GapValues point, GroupOptions options)
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

        var (parityJack, ratioJack, oddsJack) = Jackknife(cells);
        return new GapIntervals(
            Percentile.BiasCorrected(parity, point.ParityDifference.Value ?? double.NaN, parityJack, options.ConfidenceLevel),
            Percentile.BiasCorrected(ratio, point.ParityRatio.Value ?? double.NaN, ratioJack, options.ConfidenceLevel),
            Percentile.BiasCorrected(odds, point.EqualizedOdds.Value ?? double.NaN, oddsJack, options.ConfidenceLevel));
    }

    /// <summary>
    /// Leave-one-row-out values for the BCa acceleration. Leaving out any row of a (group, label, decision)
    /// cell gives the same value, so there is one value per non-empty cell, weighted by its count.
    /// </summary>
    private static ((double, double)[] Parity, (double, double)[] Ratio, (double, double)[] Odds) Jackknife(GroupCells[] cells)
    {
        var parity = new List<(double, double)>(cells.Length * 4);
        var ratio = new List<(double, double)>(cells.Length * 4);
        var odds = new List<(double, double)>(cells.Length * 4);
        var left = (GroupCells[])cells.Clone();
        for (var g = 0; g < cells.Length; g++)
        {
            for (var cell = 0; cell < 4; cell++)
            {
                var count = cells[g].Count(cell);
                if (count == 0)
                {
                    continue;
                }

                left[g] = cells[g].WithoutOne(cell);
                var gaps = Gaps(left);
                parity.Add((gaps.ParityDifference.Value ?? double.NaN, count));
                ratio.Add((gaps.ParityRatio.Value ?? double.NaN, count));
                odds.Add((gaps.EqualizedOdds.Value ?? double.NaN, count));
                left[g] = cells[g];
            }
        }

        return ([.. parity], [.. ratio], [.. odds]);
    }

    /// <summary>The groups taking part with fewer than <see cref="MinStableCount"/> rows on a side of a rate the metric uses.</summary>
    private static string? SmallGroups(GroupCells[] cells, List<string> names, bool parity)
    {
        var small = new List<string>();
        for (var g = 0; g < cells.Length; g++)
        {
            var c = cells[g];
            var sides = parity
                ? [("selected", c.TruePositives + c.FalsePositives), ("not selected", c.TrueNegatives + c.FalseNegatives)]
                : new (string, long)[] { ("true positive", c.TruePositives), ("false negative", c.FalseNegatives), ("false positive", c.FalsePositives), ("true negative", c.TrueNegatives) };
            var (side, fewest) = sides.MinBy(s => s.Item2);
            if (fewest < MinStableCount)
            {
                small.Add($"'{names[g]}' ({fewest} {side} rows)");
            }
        }

        return small.Count == 0
            ? null
            : $"unstable: {(small.Count == 1 ? "group" : "groups")} {string.Join(", ", small)} below {MinStableCount} rows on a side of a rate";
    }

    /// <summary>Adds a note when the estimate lies outside its own interval, which only an unstable bootstrap gives.</summary>
    private static FairnessMetric Metric(MetricValue value, Interval? ci, string? smallGroups)
    {
        var outside = ci is { } i && value.Value is { } v && (v < i.Low || v > i.High)
            ? "unstable: the estimate lies outside its bias-corrected interval (the bootstrap sits almost wholly on one side of it)"
            : null;
        var note = (smallGroups, outside) switch
        {
            (null, null) => null,
            ({ } s, null) => s,
            (null, { } o) => o,
            ({ } s, { } o) => s + "; " + o["unstable: ".Length..],
        };
        return new FairnessMetric(value, ci, ci is null ? null : note);
    }

    private struct GroupCells
    {
        public long TruePositives;
        public long FalsePositives;
        public long TrueNegatives;
        public long FalseNegatives;

        public readonly long Rows => TruePositives + FalsePositives + TrueNegatives + FalseNegatives;

        public readonly long Count(int cell) => cell switch
        {
            0 => TruePositives,
            1 => FalsePositives,
            2 => TrueNegatives,
            _ => FalseNegatives,
        };

        public readonly GroupCells WithoutOne(int cell) => cell switch
        {
            0 => this with { TruePositives = TruePositives - 1 },
            1 => this with { FalsePositives = FalsePositives - 1 },
            2 => this with { TrueNegatives = TrueNegatives - 1 },
            _ => this with { FalseNegatives = FalseNegatives - 1 },
        };

        public readonly double SelectionRate => Rows == 0 ? double.NaN : (double)(TruePositives + FalsePositives) / Rows;

        public readonly double Tpr => TruePositives + FalseNegatives == 0 ? double.NaN : (double)TruePositives / (TruePositives + FalseNegatives);

        public readonly double Fpr => FalsePositives + TrueNegatives == 0 ? double.NaN : (double)FalsePositives / (FalsePositives + TrueNegatives);
    }
}
