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

public sealed record QualityReport(
    long Rows,
    IReadOnlyList<ColumnQuality> Columns,
    long ScoresOutOfRange,
    long LabelsNotBinary,
    string? IdColumn,
    long? DuplicateIds,
    LeakageReport? Leakage)
{
    /// <summary>Absent or NaN cells over all cells of the used columns.</summary>
    public double MissingRate =>
        Rows == 0 || Columns.Count == 0 ? 0 : (double)Columns.Sum(c => c.Missing + c.NaN) / (Rows * (double)Columns.Count);

    public long ConstantColumns => Columns.Count(c => c.Constant);

    public long InfiniteValues => Columns.Sum(c => c.Infinite);
}
