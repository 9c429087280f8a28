namespace ModelRisk.Validation.Engine.Classification;

/// <summary>Counts per distinct ascending score; the bootstrap swaps in resampled counts.</summary>
internal readonly ref struct CountsView(ReadOnlySpan<ulong> scoreBits, ReadOnlySpan<int> positives, ReadOnlySpan<int> negatives)
{
    public ReadOnlySpan<ulong> ScoreBits { get; } = scoreBits;

    public ReadOnlySpan<int> PositiveCounts { get; } = positives;

    public ReadOnlySpan<int> NegativeCounts { get; } = negatives;

    public int Count => ScoreBits.Length;

    public static CountsView Of(ScoreTable table) =>
        new(table.ScoreBits.AsSpan(0, table.Count), table.PositiveCounts.AsSpan(0, table.Count), table.NegativeCounts.AsSpan(0, table.Count));
}

internal readonly record struct RankingFigures(long Positives, long Negatives, double Auc, double AveragePrecision, double Ks);

internal readonly record struct ConfusionCounts(long TruePositives, long FalsePositives, long TrueNegatives, long FalseNegatives);

internal readonly record struct CalibrationFigures(double Brier, double LogLoss, double Ece, IReadOnlyList<ReliabilityBin> Bins);

internal static class TableMetrics
{
    public const double LogLossEpsilon = 1e-15;
    public const int CalibrationBins = 10;

    public const string OneClassReason = "only one class is present";
    public const string EmptyReason = "no rows";

    /// <summary>AUC, average precision and KS from one walk down the thresholds (highest score first).</summary>
    public static RankingFigures Ranking(CountsView view)
    {
        var pos = view.PositiveCounts;
        var neg = view.NegativeCounts;
        long p = 0, n = 0;
        for (var g = 0; g < pos.Length; g++)
        {
            p += pos[g];
            n += neg[g];
        }

        if (p == 0 || n == 0)
        {
            return new RankingFigures(p, n, double.NaN, double.NaN, double.NaN);
        }

        // Twice the Mann–Whitney count stays an exact integer: a tie is worth half a pair.
        long twiceConcordant = 0;
        long tp = 0, fp = 0;
        double ap = 0, ks = 0, previousRecall = 0;
        double invP = 1.0 / p, invN = 1.0 / n;
        for (var g = pos.Length - 1; g >= 0; g--)
        {
            var pg = pos[g];
            var ng = neg[g];
            twiceConcordant += ng * ((2 * tp) + pg);
            tp += pg;
            fp += ng;
            if (pg != 0)
            {
                var recall = tp * invP;
                ap += (recall - previousRecall) * ((double)tp / (tp + fp));
                previousRecall = recall;
            }

            ks = Math.Max(ks, (tp * invP) - (fp * invN));
        }

        return new RankingFigures(p, n, twiceConcordant / (2.0 * p * n), ap, ks);
    }

    /// <summary>ROC AUC alone: the cheapest walk, used by the bootstrap.</summary>
    public static double Auc(ReadOnlySpan<int> pos, ReadOnlySpan<int> neg)
    {
        long twiceConcordant = 0, tp = 0, n = 0;
        for (var g = pos.Length - 1; g >= 0; g--)
        {
            long pg = pos[g];
            long ng = neg[g];
            twiceConcordant += ng * ((2 * tp) + pg);
            tp += pg;
            n += ng;
        }

        return tp == 0 || n == 0 ? double.NaN : twiceConcordant / (2.0 * tp * n);
    }

    /// <summary>
    /// DeLong variance by Sun and Xu's midrank form: a positive's placement value is the share of negatives
    /// below it (ties half), a negative's the share of positives above it; all rows of a group share them.
    /// </summary>
    public static double DeLongVariance(CountsView view, double auc, long p, long n)
    {
        var pos = view.PositiveCounts;
        var neg = view.NegativeCounts;
        double invP = 1.0 / p, invN = 1.0 / n;
        var s10 = default(CompensatedSum);
        var s01 = default(CompensatedSum);
        long negativesBelow = 0;
        for (var g = 0; g < pos.Length; g++)
        {
            if (pos[g] != 0)
            {
                var v10 = (negativesBelow + (0.5 * neg[g])) * invN;
                var d = v10 - auc;
                s10.Add(pos[g] * d * d);
            }

            negativesBelow += neg[g];
        }

        long positivesAbove = 0;
        for (var g = pos.Length - 1; g >= 0; g--)
        {
            if (neg[g] != 0)
            {
                var v01 = (positivesAbove + (0.5 * pos[g])) * invP;
                var d = v01 - auc;
                s01.Add(neg[g] * d * d);
            }

            positivesAbove += pos[g];
        }

        return (s10.Value / (p - 1) / p) + (s01.Value / (n - 1) / n);
    }

    /// <summary>Confusion counts when a row is called positive at score ≥ threshold.</summary>
    public static ConfusionCounts Confusion(CountsView view, double threshold)
    {
        var first = FirstAtOrAbove(view.ScoreBits, threshold);
        long tp = 0, fp = 0, fn = 0, tn = 0;
        var pos = view.PositiveCounts;
        var neg = view.NegativeCounts;
        for (var g = 0; g < first; g++)
        {
            fn += pos[g];
            tn += neg[g];
        }

        for (var g = first; g < pos.Length; g++)
        {
            tp += pos[g];
            fp += neg[g];
        }

        return new ConfusionCounts(tp, fp, tn, fn);
    }

    /// <summary>Index of the first group whose score is at least <paramref name="threshold"/>.</summary>
    public static int FirstAtOrAbove(ReadOnlySpan<ulong> scoreBits, double threshold)
    {
        int lo = 0, hi = scoreBits.Length;
        while (lo < hi)
        {
            var mid = (int)(((uint)lo + (uint)hi) >> 1);
            if (BitConverter.UInt64BitsToDouble(scoreBits[mid]) < threshold)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    /// <summary>Calibration bin of a score: [k/10, (k+1)/10) with the last bin closed at 1.</summary>
    public static int CalibrationBin(double score)
    {
        var k = (int)(score * CalibrationBins);
        if (k > 0 && score < (double)k / CalibrationBins)
        {
            k--;
        }
        else if (k < CalibrationBins && score >= (double)(k + 1) / CalibrationBins)
        {
            k++;
        }

        return Math.Clamp(k, 0, CalibrationBins - 1);
    }

    public static CalibrationFigures Calibration(CountsView view)
    {
        var pos = view.PositiveCounts;
        var neg = view.NegativeCounts;
        var brier = default(CompensatedSum);
        var logLoss = default(CompensatedSum);
        Span<long> binRows = stackalloc long[CalibrationBins];
        Span<long> binPositives = stackalloc long[CalibrationBins];
        var binScores = new CompensatedSum[CalibrationBins];
        long rows = 0;
        for (var g = 0; g < pos.Length; g++)
        {
            var s = BitConverter.UInt64BitsToDouble(view.ScoreBits[g]);
            long pg = pos[g];
            long ng = neg[g];
            var clipped = Math.Clamp(s, LogLossEpsilon, 1 - LogLossEpsilon);
            if (pg != 0)
            {
                brier.Add(pg * (1 - s) * (1 - s));
                logLoss.Add(-pg * Math.Log(clipped));
            }

            if (ng != 0)
            {
                brier.Add(ng * s * s);
                logLoss.Add(-ng * Math.Log(1 - clipped));
            }

            var bin = CalibrationBin(s);
            binRows[bin] += pg + ng;
            binPositives[bin] += pg;
            binScores[bin].Add((pg + ng) * s);
            rows += pg + ng;
        }

        var bins = new List<ReliabilityBin>(CalibrationBins);
        var ece = 0.0;
        for (var b = 0; b < CalibrationBins; b++)
        {
            if (binRows[b] == 0)
            {
                continue;
            }

            var meanScore = binScores[b].Value / binRows[b];
            var meanLabel = (double)binPositives[b] / binRows[b];
            ece += (double)binRows[b] / rows * Math.Abs(meanLabel - meanScore);
            bins.Add(new ReliabilityBin((double)b / CalibrationBins, (double)(b + 1) / CalibrationBins, binRows[b], meanScore, meanLabel));
        }

        return new CalibrationFigures(brier.Value / rows, logLoss.Value / rows, ece, bins);
    }

    /// <summary>
    /// ROC points (FPR, TPR) and precision–recall points (recall, precision) at every distinct threshold,
    /// thinned to at most <paramref name="maxPoints"/> evenly spaced ones keeping both ends. The first point
    /// uses the next double above the top score as its threshold: nothing is called positive there.
    /// </summary>
    public static (CurvePoint[] Roc, CurvePoint[] PrecisionRecall) Curves(CountsView view, long p, long n, int maxPoints)
    {
        var groups = view.Count;
        var total = groups + 1;
        var points = Math.Clamp(maxPoints, 2, total);
        var roc = new CurvePoint[points];
        var pr = new CurvePoint[points];
        var pos = view.PositiveCounts;
        var neg = view.NegativeCounts;
        var top = Math.BitIncrement(BitConverter.UInt64BitsToDouble(view.ScoreBits[groups - 1]));
        roc[0] = new CurvePoint(0, 0, top);
        pr[0] = new CurvePoint(0, 1, top);
        long tp = 0, fp = 0;
        var next = 1;
        var nextIndex = SelectedIndex(next, points, total);
        for (var j = 1; j < total && next < points; j++)
        {
            var g = groups - j;
            tp += pos[g];
            fp += neg[g];
            if (j != nextIndex)
            {
                continue;
            }

            var threshold = BitConverter.UInt64BitsToDouble(view.ScoreBits[g]);
            roc[next] = new CurvePoint((double)fp / n, (double)tp / p, threshold);
            pr[next] = new CurvePoint((double)tp / p, (double)tp / (tp + fp), threshold);
            next++;
            nextIndex = SelectedIndex(next, points, total);
        }

        return (roc, pr);
    }

    private static long SelectedIndex(int m, int points, int total) => (long)m * (total - 1) / (points - 1);
}
