using ModelRisk.Validation.Engine.Data;
using ModelRisk.Validation.Engine.Quality;

namespace ModelRisk.Validation.Engine.Tests.Quality;

public sealed class QualityAccumulatorTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("mrp-quality-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Counts_add_up_across_chunks()
    {
        var path = Write("d.csv", "score,label,x,g\n0.2,0,1,a\n1.2,1,,a\n0.4,2,inf,a\n-0.1,,NaN,a\n0.5,1,-inf,a\n0.3,0,2,a\n");
        ColumnSpec[] specs = [new("score", ColumnKind.Numeric), new("label", ColumnKind.Label), new("x", ColumnKind.Numeric), new("g", ColumnKind.Categorical)];
        var quality = new QualityAccumulator(specs, ["score", "label", "drift", "group"], scoreColumn: 0);

        using var reader = TableReader.Open(path, specs);
        var chunk = new TableChunk(specs, 2);
        while (reader.ReadChunk(chunk))
        {
            quality.Add(chunk);
        }

        var report = quality.ToReport([.. Enumerable.Range(0, 4).Select(i => reader.MissingCount(i))], distinctIds: null, leakage: null);

        Assert.Equal(6, report.Rows);
        Assert.Equal(2, report.ScoresOutOfRange);
        Assert.Equal(1, report.LabelsNotBinary);
        Assert.Equal(1, quality.MissingLabels);
        Assert.Equal(2, quality.FirstBadLabelRow);
        Assert.Equal(1, quality.FirstOutOfRangeScoreRow);
        var x = report.Columns[2];
        Assert.Equal((1L, 1L, 1L, 1L), (x.Missing, x.NaN, x.PositiveInfinity, x.NegativeInfinity));
        Assert.Equal(["g"], report.Columns.Where(c => c.Constant).Select(c => c.Column));
        Assert.Equal(2, report.InfiniteValues);
        Assert.Equal(3 / 24.0, report.MissingRate, 12);
        Assert.Null(report.DuplicateIds);
    }

    [Fact]
    public void Leakage_compares_rows_by_key_codes_shared_between_files()
    {
        var evaluation = Write("eval.csv", "id,score\n1,0.1\n2,0.2\n3,0.3\n4,0.4\n");
        var train = Write("train.csv", "id,other\n4,x\n2,y\n9,z\n");

        var report = LeakageCheck.Run(evaluation, train, ["id"], [], chunkRows: 2);

        Assert.Equal(2, report.LeakedRows);
        Assert.Equal(3, report.TrainRows);
        Assert.Equal(0.5, report.LeakedRate);
        Assert.False(report.FullRow);
    }

    [Fact]
    public void Full_row_leakage_without_shared_columns_is_an_input_error()
    {
        var evaluation = Write("eval.csv", "id,score\n1,0.1\n");
        var train = Write("train.csv", "a,b\n1,2\n");

        var error = Assert.Throws<InputException>(() => LeakageCheck.Run(evaluation, train, [], ["score"], chunkRows: 10));

        Assert.Contains("shares no columns", error.Message, StringComparison.Ordinal);
    }
}
