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

    /// <summary>AUC, average precision and KS from one walk over the groups.</summary>
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

        var ranking = new RankingAccumulator(p, n);
        for (var g = 0; g < pos.Length; g++)
        {
            ranking.AddGroup(pos[g], neg[g]);
        }

        return ranking.Finish();
    }

    /// <summary>ROC AUC alone from (possibly resampled) counts.</summary>
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

    /// <summary>ROC and precision–recall curves, thinned as <see cref="CurveBuilder"/> describes.</summary>
    public static (CurvePoint[] Roc, CurvePoint[] PrecisionRecall) Curves(CountsView view, long p, long n, int maxPoints)
    {
        var curves = new CurveBuilder(p, n, maxPoints);
        for (var g = 0; g < view.Count; g++)
        {
            curves.AddGroup(view.ScoreBits[g], view.PositiveCounts[g], view.NegativeCounts[g]);
        }

        return curves.Finish();
    }
}

/// <summary>
/// AUC, average precision and KS fed one group at a time in ascending score order. The table and the
/// fused walk over sorted keys both use it, so the two paths give bit-identical figures.
/// </summary>
internal struct RankingAccumulator(long positives, long negatives)
{
    private readonly double invP = 1.0 / positives;
    private readonly double invN = 1.0 / negatives;
    private long positivesBelow;
    private long negativesBelow;

    // Twice the Mann–Whitney count stays an exact integer: a tie is worth half a pair.
    private long twiceConcordant;
    private double averagePrecision;
    private double ks;

    public void AddGroup(long pg, long ng)
    {
        twiceConcordant += pg * ((2 * negativesBelow) + ng);

        // At threshold t_g (score ≥ t_g is called positive): TP and FP include this group.
        var tp = positives - positivesBelow;
        var fp = negatives - negativesBelow;
        var recall = tp * invP;

        // AP step: recall gained at this threshold times its precision; exactly 0 when pg = 0.
        averagePrecision += (recall - ((tp - pg) * invP)) * tp / (tp + fp);
        ks = Math.Max(ks, recall - (fp * invN));
        positivesBelow += pg;
        negativesBelow += ng;
    }

    public readonly RankingFigures Finish() => positives == 0 || negatives == 0
        ? new RankingFigures(positives, negatives, double.NaN, double.NaN, double.NaN)
        : new RankingFigures(positives, negatives, twiceConcordant / (2.0 * positives * negatives), averagePrecision, ks);
}

/// <summary>
/// ROC points (FPR, TPR, threshold) and precision–recall points (recall, precision, threshold), thinned to
/// at most maxPoints: a threshold is kept when the number of rows at or above it crosses one of the marks
/// k·n/(maxPoints − 1), so points are evenly spaced in rows and the lowest threshold (ROC (1, 1)) is always
/// kept. The first point uses the next double above the top score as its threshold (nothing called
/// positive): ROC (0, 0), PR (0, 1). Groups arrive in ascending order, so points fill from the end.
/// </summary>
internal struct CurveBuilder
{
    private readonly long positives;
    private readonly long negatives;
    private readonly long marks;
    private readonly CurvePoint[] roc;
    private readonly CurvePoint[] pr;
    private long rowsBelow;
    private long positivesBelow;
    private int next;
    private ulong topScoreBits;

    // Marks reached by the rows at or above the current threshold, and the fewest rows that still reach
    // that many: comparing against it keeps integer division off the per-group path.
    private long level;
    private long levelFloor;

    public CurveBuilder(long positives, long negatives, int maxPoints)
    {
        this.positives = positives;
        this.negatives = negatives;
        marks = Math.Max(maxPoints, 2) - 1;
        roc = new CurvePoint[marks + 1];
        pr = new CurvePoint[marks + 1];
        next = roc.Length - 1;
        level = marks;
        levelFloor = positives + negatives;
    }

    public void AddGroup(ulong scoreBits, long pg, long ng)
    {
        var total = positives + negatives;
        var atOrAbove = total - rowsBelow;
        var above = atOrAbove - pg - ng;

        // Marks reached by rows ≥ t is ⌊rows · marks / total⌋; keep t when that count steps up here.
        if (above < levelFloor && next > 0)
        {
            level = above * marks / total;
            levelFloor = ((level * total) + marks - 1) / marks;
            var tp = positives - positivesBelow;
            var fp = atOrAbove - tp;
            var threshold = BitConverter.UInt64BitsToDouble(scoreBits);
            roc[next] = new CurvePoint((double)fp / negatives, (double)tp / positives, threshold);
            pr[next] = new CurvePoint((double)tp / positives, (double)tp / atOrAbove, threshold);
            next--;
        }

        rowsBelow += pg + ng;
        positivesBelow += pg;
        topScoreBits = scoreBits;
    }

    public readonly (CurvePoint[] Roc, CurvePoint[] PrecisionRecall) Finish()
    {
        if (positives == 0 || negatives == 0)
        {
            return ([], []);
        }

        var top = Math.BitIncrement(BitConverter.UInt64BitsToDouble(topScoreBits));
        roc[next] = new CurvePoint(0, 0, top);
        pr[next] = new CurvePoint(0, 1, top);
        return (roc[next..], pr[next..]);
    }

}
