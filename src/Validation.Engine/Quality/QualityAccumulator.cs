using ModelRisk.Validation.Engine.Data;

namespace ModelRisk.Validation.Engine.Quality;

/// <summary>
/// Counts data problems chunk by chunk, so the checks cost one pass over data already being read and
/// work the same whether the file is streamed or held in memory.
/// </summary>
public sealed class QualityAccumulator
{
    private readonly IReadOnlyList<ColumnSpec> columns;
    private readonly string[] roles;
    private readonly int scoreColumn;
    private readonly int idColumn;
    private readonly long[] nan;
    private readonly long[] positiveInfinity;
    private readonly long[] negativeInfinity;
    private readonly double[] first;
    private readonly bool[] varies;
    private readonly bool[] seen;
    private long rows;
    private long scoresOutOfRange;
    private long labelsNotBinary;

    /// <param name="roles">What each column is used for (score, label, group, drift, id), shown in the report.</param>
    public QualityAccumulator(IReadOnlyList<ColumnSpec> columns, IReadOnlyList<string> roles, int scoreColumn, int idColumn = -1)
    {
        this.columns = columns;
        this.roles = [.. roles];
        this.scoreColumn = scoreColumn;
        this.idColumn = idColumn;
        nan = new long[columns.Count];
        positiveInfinity = new long[columns.Count];
        negativeInfinity = new long[columns.Count];
        first = new double[columns.Count];
        varies = new bool[columns.Count];
        seen = new bool[columns.Count];
    }

    public long FirstNonFiniteScoreRow { get; private set; } = -1;

    public long FirstOutOfRangeScoreRow { get; private set; } = -1;

    public long FirstBadLabelRow { get; private set; } = -1;

    public long MissingLabels { get; private set; }

    public long Rows => rows;

    public long LabelsNotBinary => labelsNotBinary;

    public void Add(TableChunk chunk)
    {
        for (var c = 0; c < columns.Count; c++)
        {
            switch (columns[c].Kind)
            {
                case ColumnKind.Numeric:
                    AddNumeric(c, chunk.Numeric(c), chunk.FirstRow);
                    break;
                case ColumnKind.Label:
                    AddLabels(c, chunk.Labels(c), chunk.FirstRow);
                    break;
                default:
                    AddCodes(c, chunk.Codes(c));
                    break;
            }
        }

        rows += chunk.Rows;
    }

    private void AddNumeric(int c, ReadOnlySpan<double> values, long firstRow)
    {
        long nanCount = 0, pos = 0, neg = 0, outOfRange = 0;
        var isScore = c == scoreColumn;
        for (var i = 0; i < values.Length; i++)
        {
            var v = values[i];
            if (double.IsFinite(v))
            {
                if (isScore && (v < 0 || v > 1))
                {
                    if (FirstOutOfRangeScoreRow < 0)
                    {
                        FirstOutOfRangeScoreRow = firstRow + i;
                    }

                    outOfRange++;
                }

                if (!seen[c])
                {
                    seen[c] = true;
                    first[c] = v;
                }
                else if (v != first[c])
                {
                    varies[c] = true;
                }
            }
            else if (double.IsNaN(v))
            {
                if (isScore && FirstNonFiniteScoreRow < 0)
                {
                    FirstNonFiniteScoreRow = firstRow + i;
                }

                nanCount++;
            }
            else
            {
                if (isScore && FirstNonFiniteScoreRow < 0)
                {
                    FirstNonFiniteScoreRow = firstRow + i;
                }

                if (v > 0)
                {
                    pos++;
                }
                else
                {
                    neg++;
                }
            }
        }

        nan[c] += nanCount;
        positiveInfinity[c] += pos;
        negativeInfinity[c] += neg;
        scoresOutOfRange += outOfRange;
    }

    private void AddLabels(int c, ReadOnlySpan<byte> labels, long firstRow)
    {
        for (var i = 0; i < labels.Length; i++)
        {
            var label = labels[i];
            if (label > LabelCodes.Positive)
            {
                if (label == LabelCodes.Missing)
                {
                    MissingLabels++;
                }
                else
                {
                    labelsNotBinary++;
                }

                if (FirstBadLabelRow < 0)
                {
                    FirstBadLabelRow = firstRow + i;
                }

                continue;
            }

            if (!seen[c])
            {
                seen[c] = true;
                first[c] = label;
            }
            else if (label != first[c])
            {
                varies[c] = true;
            }
        }
    }

    private void AddCodes(int c, ReadOnlySpan<int> codes)
    {
        if (codes.IsEmpty)
        {
            return;
        }

        if (!seen[c])
        {
            seen[c] = true;
            first[c] = codes[0];
        }

        if (!varies[c])
        {
            var firstCode = (int)first[c];
            varies[c] = codes.IndexOfAnyExcept(firstCode) >= 0;
        }
    }

    internal long ScoresOutOfRange => scoresOutOfRange;

    internal QualityColumnState State(int column) =>
        new(nan[column], positiveInfinity[column], negativeInfinity[column], seen[column], varies[column], first[column]);

    /// <summary>
    /// Adds a shard's counts, which follow this accumulator's rows: a column varies if it varies in either,
    /// or if both saw values and their first values differ.
    /// </summary>
    internal void Merge(long shardRows, long shardScoresOutOfRange, long shardLabelsNotBinary, long shardMissingLabels, ReadOnlySpan<QualityColumnState> shardColumns)
    {
        if (shardColumns.Length != columns.Count)
        {
            throw new ArgumentException($"{shardColumns.Length} column states for {columns.Count} columns", nameof(shardColumns));
        }

        for (var c = 0; c < columns.Count; c++)
        {
            var other = shardColumns[c];
            nan[c] += other.NaN;
            positiveInfinity[c] += other.PositiveInfinity;
            negativeInfinity[c] += other.NegativeInfinity;
            if (!other.Seen)
            {
                continue;
            }

            if (!seen[c])
            {
                seen[c] = true;
                first[c] = other.First;
                varies[c] = other.Varies;
            }
            else
            {
                varies[c] |= other.Varies || other.First != first[c];
            }
        }

        rows += shardRows;
        scoresOutOfRange += shardScoresOutOfRange;
        labelsNotBinary += shardLabelsNotBinary;
        MissingLabels += shardMissingLabels;
    }

    /// <param name="missing">Absent cells per column as counted by the reader; NaN counts here include them.</param>
    /// <param name="distinctIds">Distinct values of the id column, when one was given.</param>
    /// <param name="blankLines">Blank lines the reader skipped.</param>
    /// <param name="notes">What the run ignored in its input files, for the reader of the report.</param>
    public QualityReport ToReport(IReadOnlyList<long> missing, long? distinctIds, LeakageReport? leakage, long blankLines = 0, IReadOnlyList<string>? notes = null)
    {
        var report = new ColumnQuality[columns.Count];
        for (var c = 0; c < columns.Count; c++)
        {
            var absent = columns[c].Kind == ColumnKind.Label ? MissingLabels : missing[c];
            report[c] = new ColumnQuality(
                columns[c].Name,
                roles[c],
                absent,
                Math.Max(0, nan[c] - (columns[c].Kind == ColumnKind.Numeric ? missing[c] : 0)),
                positiveInfinity[c],
                negativeInfinity[c],
                rows > 1 && !varies[c]);
        }

        return new QualityReport(
            rows,
            report,
            scoresOutOfRange,
            labelsNotBinary,
            idColumn < 0 ? null : columns[idColumn].Name,
            distinctIds is { } d ? rows - d : null,
            leakage,
            blankLines,
            notes ?? []);
    }
}
