using ModelRisk.Validation.Engine.Data;

namespace ModelRisk.Validation.Engine.Tests.Data;

public sealed class CsvTableReaderTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("mrp-csv-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private string Write(string text)
    {
        var path = Path.Combine(folder, Guid.NewGuid().ToString("N") + ".csv");
        File.WriteAllText(path, text);
        return path;
    }

    private static readonly ColumnSpec[] Specs =
    [
        new("score", ColumnKind.Numeric),
        new("label", ColumnKind.Label),
        new("city", ColumnKind.Categorical),
    ];

    private static (List<double> Scores, List<byte> Labels, List<int> Codes, List<long> FirstRows, ITableReader Reader) ReadAll(string path, int chunkRows)
    {
        var reader = TableReader.Open(path, Specs);
        var chunk = new TableChunk(Specs, chunkRows);
        var (scores, labels, codes, firstRows) = (new List<double>(), new List<byte>(), new List<int>(), new List<long>());
        while (reader.ReadChunk(chunk))
        {
            firstRows.Add(chunk.FirstRow);
            scores.AddRange(chunk.Numeric(0).ToArray());
            labels.AddRange(chunk.Labels(1).ToArray());
            codes.AddRange(chunk.Codes(2).ToArray());
        }

        return (scores, labels, codes, firstRows, reader);
    }

    [Fact]
    public void Only_requested_columns_are_read_and_chunking_does_not_change_them()
    {
        var path = Write("id,score,extra,label,city\n1,0.25,x,0,Oslo\n2,0.5,y,1,\"Bergen, Vestland\"\n3,1e-3,z,1.0,Oslo\n4,,w,true,NA\n5,NaN,v,0,Oslo\n");

        var whole = ReadAll(path, 100);
        var small = ReadAll(path, 2);
        using var wholeReader = whole.Reader;
        using var smallReader = small.Reader;

        Assert.Equal(whole.Scores, small.Scores);
        Assert.Equal(whole.Labels, small.Labels);
        Assert.Equal(whole.Codes, small.Codes);
        Assert.Equal([0L, 2, 4], small.FirstRows);
        Assert.Equal(0.25, whole.Scores[0]);
        Assert.Equal(0.001, whole.Scores[2]);
        Assert.True(double.IsNaN(whole.Scores[3]) && double.IsNaN(whole.Scores[4]));
        Assert.Equal([0, 1, 1, 1, 0], whole.Labels.Select(l => (int)l));
        Assert.Equal(["Oslo", "Bergen, Vestland", ""], wholeReader.Categories(2).Names);
        Assert.Equal([0, 1, 0, 2, 0], whole.Codes);

        // The empty score is absent; "NaN" is a value that happens to be NaN.
        Assert.Equal(1, wholeReader.MissingCount(0));
        Assert.Equal(1, wholeReader.MissingCount(2));
        Assert.Equal(5, wholeReader.RowsRead);
        Assert.Equal(5, wholeReader.EstimatedRows);
    }

    [Theory]
    [InlineData("2", LabelCodes.Invalid)]
    [InlineData("0.5", LabelCodes.Invalid)]
    [InlineData("yes", LabelCodes.Invalid)]
    [InlineData("", LabelCodes.Missing)]
    [InlineData("False", LabelCodes.Negative)]
    [InlineData("1", LabelCodes.Positive)]
    public void Labels_are_coded_with_bad_values_kept_apart(string label, byte expected)
    {
        var path = Write($"score,label,city\n0.5,{label},a\n");

        var read = ReadAll(path, 10);
        read.Reader.Dispose();

        Assert.Equal(expected, read.Labels[0]);
    }

    [Fact]
    public void A_non_numeric_value_names_file_row_and_column()
    {
        var path = Write("score,label,city\n0.5,1,a\n0.7,0,b\nabc,1,c\n");

        var error = Assert.Throws<InputException>(() => ReadAll(path, 10));

        Assert.Contains("row 3, column 'score': 'abc' is not a number", error.Message, StringComparison.Ordinal);
        Assert.StartsWith(Path.GetFileName(path), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Shared_dictionaries_give_two_files_the_same_codes()
    {
        var first = Write("score,label,city\n0.1,0,b\n0.2,1,a\n");
        var second = Write("score,label,city\n0.1,0,a\n0.2,1,c\n");
        var shared = new Dictionary<string, CategoryDictionary> { ["city"] = new() };

        using var a = TableReader.Open(first, Specs, shared);
        using var b = TableReader.Open(second, Specs, shared);
        var chunk = new TableChunk(Specs, 10);
        a.ReadChunk(chunk);
        var firstCodes = chunk.Codes(2).ToArray();
        b.ReadChunk(chunk);

        Assert.Equal([0, 1], firstCodes);
        Assert.Equal([1, 2], chunk.Codes(2).ToArray());
        Assert.Equal(["b", "a", "c"], shared["city"].Names);
    }

    [Fact]
    public void Kinds_are_inferred_from_the_first_rows()
    {
        var path = Write("a,b,c\n1,x,\n2.5,y,3\n");

        var kinds = TableReader.InferKinds(path, ["a", "b", "c"]);

        Assert.Equal([ColumnKind.Numeric, ColumnKind.Categorical, ColumnKind.Numeric], kinds.Select(k => k.Kind));
    }
}
