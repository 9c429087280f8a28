namespace ModelRisk.Validation.Engine.Classification;

/// <summary>
/// Metrics straight from the sorted (score, label) keys, without materialising the distinct-score table:
/// the paths that need nothing else skip its allocation and second pass. Group arithmetic is the same as
/// over the table, so the figures are bit-identical.
/// </summary>
internal static class SortedKeyWalk
{
    public static double Auc(ulong[] keys, long positives)
    {
        var negatives = keys.LongLength - positives;
        if (positives == 0 || negatives == 0)
        {
            return double.NaN;
        }

        long twiceConcordant = 0, negativesBelow = 0, pg = 0, ng = 0;
        var previous = keys[0] >> 1;
        foreach (var key in keys)
        {
            var score = key >> 1;
            if (score != previous)
            {
                twiceConcordant += pg * ((2 * negativesBelow) + ng);
                negativesBelow += ng;
                pg = ng = 0;
                previous = score;
            }

            var label = (long)(key & 1);
            pg += label;
            ng += 1 - label;
        }

        twiceConcordant += pg * ((2 * negativesBelow) + ng);
        return twiceConcordant / (2.0 * positives * negatives);
    }

    public static (RankingFigures Figures, CurvePoint[] Roc, CurvePoint[] PrecisionRecall) Ranking(ulong[] keys, long positives, int maxCurvePoints)
    {
        var negatives = keys.LongLength - positives;
        var ranking = new RankingAccumulator(positives, negatives);
        var curves = new CurveBuilder(positives, negatives, maxCurvePoints);
        if (keys.Length > 0)
        {
            long pg = 0, ng = 0;
            var previous = keys[0] >> 1;
            foreach (var key in keys)
            {
                var score = key >> 1;
                if (score != previous)
                {
                    ranking.AddGroup(pg, ng);
                    curves.AddGroup(previous, pg, ng);
                    pg = ng = 0;
                    previous = score;
                }

                var label = (long)(key & 1);
                pg += label;
                ng += 1 - label;
            }

            ranking.AddGroup(pg, ng);
            curves.AddGroup(previous, pg, ng);
        }

        var (roc, pr) = curves.Finish();
        return (ranking.Finish(), roc, pr);
    }
}
