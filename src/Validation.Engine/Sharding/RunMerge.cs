using ModelRisk.Validation.Engine.Classification;
using ModelRisk.Validation.Engine.Drift;

namespace ModelRisk.Validation.Engine.Sharding;

/// <summary>
/// Merges the shards' sorted runs of one table into the merged table in two passes over them: the first counts the
/// distinct keys, the second fills arrays of exactly that size. Nothing but the result and one block per run is
/// held, where merging two tables at a time held each intermediate table beside its two inputs. The tables are
/// exact, so the result is the table one pass over the whole file builds, whatever the number and order of runs.
/// </summary>
internal static class RunMerge
{
    public static ScoreTable Scores(IReadOnlyList<SortedRun> runs)
    {
        var count = CountDistinct(runs, RunKind.Scores);
        if (count == 0)
        {
            return ScoreTable.Empty;
        }

        var bits = new ulong[count];
        var positives = new int[count];
        var negatives = new int[count];
        var g = 0;
        Walk(runs, RunKind.Scores, (key, a, b, _) =>
        {
            bits[g] = key;
            positives[g] = checked((int)a);
            negatives[g++] = checked((int)b);
        });
        return new ScoreTable(bits, positives, negatives, count);
    }

    public static ValueCounts Values(IReadOnlyList<SortedRun> runs)
    {
        var count = CountDistinct(runs, RunKind.Values);
        if (count == 0)
        {
            return ValueCounts.Empty;
        }

        var values = new double[count];
        var ends = new long[count];
        var g = 0;
        long total = 0;
        Walk(runs, RunKind.Values, (_, a, _, bits) =>
        {
            total = checked(total + a);
            values[g] = BitConverter.Int64BitsToDouble(bits);
            ends[g++] = total;
        });
        return ValueCounts.FromSortedEnds(values, ends);
    }

    private static int CountDistinct(IReadOnlyList<SortedRun> runs, RunKind kind)
    {
        long count = 0;
        foreach (var run in runs)
        {
            if (run.Kind != kind)
            {
                throw new ArgumentException($"a run of {run.Kind} among runs of {kind}", nameof(runs));
            }
        }

        Walk(runs, kind, (_, _, _, _) => count++);
        return count <= Array.MaxLength
            ? (int)count
            : throw new InvalidOperationException($"the merged table would hold {count} distinct entries, more than an array holds");
    }

    private delegate void EntrySink(ulong key, long a, long b, long valueBits);

    /// <summary>Hands each distinct key of the runs, ascending, to <paramref name="sink"/> with its counts summed over the runs.</summary>
    private static void Walk(IReadOnlyList<SortedRun> runs, RunKind kind, EntrySink sink)
    {
        var cursors = new List<RunCursor>(runs.Count);
        var heads = new RunEntry[runs.Count];
        var live = new List<int>(runs.Count);
        try
        {
            for (var r = 0; r < runs.Count; r++)
            {
                var cursor = runs[r].Open();
                cursors.Add(cursor);
                if (cursor.TryRead(out heads[r]))
                {
                    live.Add(r);
                }
            }

            // A linear scan of the run heads: a merge has tens of shards, where a heap gains nothing.
            while (live.Count > 0)
            {
                var key = ulong.MaxValue;
                foreach (var r in live)
                {
                    key = Math.Min(key, heads[r].Key);
                }

                long a = 0, b = 0, valueBits = 0;
                for (var i = live.Count - 1; i >= 0; i--)
                {
                    var r = live[i];
                    if (heads[r].Key != key)
                    {
                        continue;
                    }

                    a = checked(a + heads[r].A);
                    if (kind == RunKind.Scores)
                    {
                        b = checked(b + heads[r].B);
                    }
                    else
                    {
                        // Equal keys are equal values, bit for bit: the key maps a value's bits one to one.
                        valueBits = heads[r].B;
                    }
                    if (!cursors[r].TryRead(out heads[r]))
                    {
                        live.RemoveAt(i);
                    }
                }

                sink(key, a, b, valueBits);
            }
        }
        finally
        {
            foreach (var cursor in cursors)
            {
                cursor.Dispose();
            }
        }
    }
}
