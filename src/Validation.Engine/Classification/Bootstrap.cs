using ModelRisk.Validation.Engine.Statistics;

namespace ModelRisk.Validation.Engine.Classification;

/// <summary>
/// Seeded Poisson bootstrap. The rows are sorted once into the distinct-score table; a resample gives each
/// row a Poisson(1) multiplicity, which for a cell of c identical (score, label) rows is one Poisson(c)
/// draw, and the metric is then one linear pass over the table with those counts. The interval is the
/// equal-tailed percentile interval; resamples where the metric is undefined (one class drawn) are dropped.
/// </summary>
public static class Bootstrap
{
    public static Interval? ConfidenceInterval(ReadOnlySpan<double> scores, ReadOnlySpan<byte> labels, BootstrapMetric metric, BinaryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return ConfidenceInterval(ScoreTable.Build(scores, labels), metric, options);
    }

    internal static Interval? ConfidenceInterval(ScoreTable table, BootstrapMetric metric, BinaryOptions options)
    {
        if (table.Rows == 0 || options.BootstrapResamples < 2)
        {
            return null;
        }

        var ranking = metric is BootstrapMetric.RocAuc or BootstrapMetric.AveragePrecision or BootstrapMetric.Ks;
        if (ranking && (table.Positives == 0 || table.Negatives == 0))
        {
            return null;
        }

        var perGroupLoss = metric switch
        {
            BootstrapMetric.Brier => GroupLosses(table, brier: true),
            BootstrapMetric.LogLoss => GroupLosses(table, brier: false),
            _ => default,
        };

        var resamples = options.BootstrapResamples;
        var values = new double[resamples];
        if (metric == BootstrapMetric.RocAuc)
        {
            AucResamples(table, options.Seed, values);
            return Percentile.EqualTailed(values, options.ConfidenceLevel);
        }

        var workers = Math.Max(1, Math.Min(Environment.ProcessorCount, resamples / 8));
        var chunk = (resamples + workers - 1) / workers;
        Parallel.For(0, workers, worker =>
        {
            var pos = new int[table.Count];
            var neg = new int[table.Count];
            var draws = new int[DrawBlock];
            var end = Math.Min(resamples, (worker + 1) * chunk);
            for (var r = worker * chunk; r < end; r++)
            {
                Resample(table, options.Seed, r, draws, pos, neg);
                values[r] = Evaluate(metric, table, pos, neg, perGroupLoss, options.Threshold);
            }
        });

        return Percentile.EqualTailed(values, options.ConfidenceLevel);
    }

    /// <summary>
    /// The AUC bootstrap fuses drawing and scoring in one descending walk without writing the resampled
    /// counts: groups holding a single row (the rule for continuous scores) take a branch-free path.
    /// </summary>
    private static void AucResamples(ScoreTable table, int seed, double[] values)
    {
        var count = table.Count;
        var kinds = new byte[count];
        for (var g = 0; g < count; g++)
        {
            int p = table.PositiveCounts[g], n = table.NegativeCounts[g];
            kinds[g] = (byte)(p + n == 1 ? p : 2);
        }

        var resamples = values.Length;
        var workers = Math.Max(1, Math.Min(Environment.ProcessorCount, resamples / 8));
        var chunk = (resamples + workers - 1) / workers;
        Parallel.For(0, workers, worker =>
        {
            var end = Math.Min(resamples, (worker + 1) * chunk);
            var draws = new int[DrawBlock];
            for (var r = worker * chunk; r < end; r++)
            {
                values[r] = ResampledAuc(table, kinds, seed, r, draws);
            }
        });
    }

    private const int DrawBlock = 512;

    private static double ResampledAuc(ScoreTable table, byte[] kinds, int seed, int resample, int[] draws)
    {
        var sampler = new PoissonSampler(seed, resample);
        var block = new UnitPoissonBlock(seed, resample);
        long twiceConcordant = 0, tp = 0, negatives = 0;
        var used = DrawBlock;
        for (var g = table.Count - 1; g >= 0; g--)
        {
            long pg, ng;
            var kind = kinds[g];
            if (kind < 2)
            {
                if (used == DrawBlock)
                {
                    block.Fill(draws);
                    used = 0;
                }

                long w = draws[used++];
                pg = w * kind;
                ng = w - pg;
            }
            else
            {
                pg = sampler.Next(table.PositiveCounts[g]);
                ng = sampler.Next(table.NegativeCounts[g]);
            }

            twiceConcordant += ng * ((2 * tp) + pg);
            tp += pg;
            negatives += ng;
        }

        return tp == 0 || negatives == 0 ? double.NaN : twiceConcordant / (2.0 * tp * negatives);
    }

    private static void Resample(ScoreTable table, int seed, int resample, int[] draws, int[] pos, int[] neg)
    {
        var sampler = new PoissonSampler(seed, resample);
        var block = new UnitPoissonBlock(seed, resample);
        var used = DrawBlock;
        var sourcePos = table.PositiveCounts;
        var sourceNeg = table.NegativeCounts;
        for (var g = 0; g < table.Count; g++)
        {
            int p = sourcePos[g], n = sourceNeg[g];
            if (p + n == 1)
            {
                // The usual case for continuous scores: a single row, one draw.
                if (used == DrawBlock)
                {
                    block.Fill(draws);
                    used = 0;
                }

                var w = draws[used++];
                pos[g] = w * p;
                neg[g] = w * n;
            }
            else
            {
                pos[g] = sampler.Next(p);
                neg[g] = sampler.Next(n);
            }
        }
    }

    private static (double[] Positive, double[] Negative) GroupLosses(ScoreTable table, bool brier)
    {
        var positive = new double[table.Count];
        var negative = new double[table.Count];
        for (var g = 0; g < table.Count; g++)
        {
            var s = table.Score(g);
            if (brier)
            {
                positive[g] = (1 - s) * (1 - s);
                negative[g] = s * s;
            }
            else
            {
                var clipped = Math.Clamp(s, TableMetrics.LogLossEpsilon, 1 - TableMetrics.LogLossEpsilon);
                positive[g] = -Math.Log(clipped);
                negative[g] = -Math.Log(1 - clipped);
            }
        }

        return (positive, negative);
    }

    private static double Evaluate(BootstrapMetric metric, ScoreTable table, int[] pos, int[] neg, (double[] Positive, double[] Negative) losses, double threshold)
    {
        var view = new CountsView(table.ScoreBits.AsSpan(0, table.Count), pos, neg);
        switch (metric)
        {
            case BootstrapMetric.RocAuc:
                return TableMetrics.Auc(pos, neg);
            case BootstrapMetric.AveragePrecision:
                return TableMetrics.Ranking(view).AveragePrecision;
            case BootstrapMetric.Ks:
                return TableMetrics.Ranking(view).Ks;
            case BootstrapMetric.Brier:
            case BootstrapMetric.LogLoss:
                var sum = default(CompensatedSum);
                long rows = 0;
                for (var g = 0; g < pos.Length; g++)
                {
                    if ((pos[g] | neg[g]) != 0)
                    {
                        sum.Add((pos[g] * losses.Positive[g]) + (neg[g] * losses.Negative[g]));
                        rows += pos[g] + neg[g];
                    }
                }

                return rows == 0 ? double.NaN : sum.Value / rows;
            default:
                var confusion = ThresholdMetrics.From(TableMetrics.Confusion(view, threshold));
                var value = metric switch
                {
                    BootstrapMetric.Accuracy => confusion.Accuracy,
                    BootstrapMetric.Precision => confusion.Precision,
                    BootstrapMetric.Recall => confusion.Recall,
                    BootstrapMetric.F1 => confusion.F1,
                    _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, null),
                };
                return value.Value ?? double.NaN;
        }
    }
}
