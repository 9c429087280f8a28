namespace ModelRisk.Validation.Engine.Quality;

public sealed record ColumnQuality(
    string Column,
    string Role,
    long Missing,
    long NaN,
    long PositiveInfinity,
    long NegativeInfinity,
    bool Constant)
{
    public long Infinite => PositiveInfinity + NegativeInfinity;
}

/// <param name="Keys">Columns that identify a row; every shared column when the check hashed whole rows.</param>
public sealed record LeakageReport(string TrainFile, long TrainRows, IReadOnlyList<string> Keys, bool FullRow, long LeakedRows, double LeakedRate);

/// <param name="BlankLines">Blank lines skipped in the data file.</param>
/// <param name="Notes">What the run ignored in its input files and why, one sentence each.</param>
public sealed record QualityReport(
    long Rows,
    IReadOnlyList<ColumnQuality> Columns,
    long ScoresOutOfRange,
    long LabelsNotBinary,
    string? IdColumn,
    long? DuplicateIds,
    LeakageReport? Leakage,
    long BlankLines = 0,
    IReadOnlyList<string>? Notes = null)
{
    /// <summary>Absent or NaN cells over all cells of the used columns.</summary>
    public double MissingRate =>
        Rows == 0 || Columns.Count == 0 ? 0 : (double)Columns.Sum(c => c.Missing + c.NaN) / (Rows * (double)Columns.Count);

    public long ConstantColumns => Columns.Count(c => c.Constant);

    public long InfiniteValues => Columns.Sum(c => c.Infinite);
}
