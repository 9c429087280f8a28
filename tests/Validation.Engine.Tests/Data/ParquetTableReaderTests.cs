using ModelRisk.Validation.Engine.Data;
using ParquetSharp;

namespace ModelRisk.Validation.Engine.Tests.Data;

public sealed class ParquetTableReaderTests : IDisposable
{
    private readonly string path = Path.Combine(Path.GetTempPath(), $"mrp-{Guid.NewGuid():N}.parquet");

    public void Dispose() => File.Delete(path);

    private void Write(params (double?[] Values, string?[] Groups, int[] Labels)[] rowGroups)
    {
        using var writer = new ParquetFileWriter(path, [new Column<double?>("x"), new Column<string?>("g"), new Column<int>("y")]);
        foreach (var (values, groups, labels) in rowGroups)
        {
            using var group = writer.AppendRowGroup();
            using (var column = group.NextColumn().LogicalWriter<double?>())
            {
                column.WriteBatch(values);
            }

            using (var column = group.NextColumn().LogicalWriter<string?>())
            {
                column.WriteBatch(groups);
            }

            using (var column = group.NextColumn().LogicalWriter<int>())
            {
                column.WriteBatch(labels);
            }
        }

        writer.Close();
    }

    [Fact]
    public void Nulls_are_missing_and_row_groups_are_sliced_into_chunks()
    {
        Write(
            ([1.5, null, 3], ["a", null, "b"], [0, 1, 1]),
            ([double.NaN, 5], ["b", "a"], [1, 7]));
        ColumnSpec[] specs = [new("x", ColumnKind.Numeric), new("g", ColumnKind.Categorical), new("y", ColumnKind.Label)];

        using var reader = TableReader.Open(path, specs);
        var chunk = new TableChunk(specs, 2);
        var values = new List<double>();
        var codes = new List<int>();
        var labels = new List<byte>();
        var sizes = new List<int>();
        while (reader.ReadChunk(chunk))
        {
            sizes.Add(chunk.Rows);
            values.AddRange(chunk.Numeric(0).ToArray());
            codes.AddRange(chunk.Codes(1).ToArray());
            labels.AddRange(chunk.Labels(2).ToArray());
        }

        Assert.Equal([2, 1, 2], sizes);
        Assert.Equal(5, reader.EstimatedRows);
        Assert.Equal(1.5, values[0]);
        Assert.True(double.IsNaN(values[1]) && double.IsNaN(values[3]));
        Assert.Equal(1, reader.MissingCount(0));
        Assert.Equal(1, reader.MissingCount(1));
        Assert.Equal(["a", "", "b"], reader.Categories(1).Names);
        Assert.Equal([0, 1, 2, 2, 0], codes);
        Assert.Equal([0, 1, 1, 1, LabelCodes.Invalid], labels);
    }

    [Fact]
    public void Numbers_read_as_categories_are_named_by_their_value()
    {
        Write(
            ([1.5, null, 3], ["a", null, "b"], [0, 1, 1]),
            ([double.NaN, -2.25e-7], ["b", "a"], [1, 7]));
        ColumnSpec[] specs = [new("x", ColumnKind.Categorical), new("y", ColumnKind.Categorical)];

        using var reader = TableReader.Open(path, specs);
        var chunk = new TableChunk(specs, 8);
        var codes = new List<int>();
        while (reader.ReadChunk(chunk))
        {
            codes.AddRange(chunk.Codes(0).ToArray());
        }

        Assert.Equal(["1.5", "", "3", "-2.25E-07"], reader.Categories(0).Names);
        Assert.Equal([0, 1, 2, 1, 3], codes);
        Assert.Equal(["0", "1", "7"], reader.Categories(1).Names);
    }

    [Fact]
    public void Every_numeric_parquet_type_is_read_as_doubles_with_nulls_missing()
    {
        using (var writer = new ParquetFileWriter(path, [
            new Column<float>("f"), new Column<long?>("l"), new Column<short>("s"), new Column<sbyte>("b"), new Column<byte?>("u"), new Column<bool>("t"), new Column<bool?>("n"), new Column<uint>("v")]))
        {
            using (var group = writer.AppendRowGroup())
            {
                WriteColumn<float>(group, [1.5f, -2]);
                WriteColumn<long?>(group, [null, 1L << 40]);
                WriteColumn<short>(group, [-3, 4]);
                WriteColumn<sbyte>(group, [5, -6]);
                WriteColumn<byte?>(group, [7, null]);
                WriteColumn(group, [true, false]);
                WriteColumn<bool?>(group, [null, true]);
                WriteColumn<uint>(group, [0, uint.MaxValue]);
            }

            writer.Close();
        }

        ColumnSpec[] specs = [.. new[] { "f", "l", "s", "b", "u", "t", "n", "v" }.Select(n => new ColumnSpec(n, ColumnKind.Numeric))];
        using var reader = TableReader.Open(path, specs);
        var chunk = new TableChunk(specs, 2);
        Assert.True(reader.ReadChunk(chunk));

        double[][] expected = [[1.5, -2], [double.NaN, 1L << 40], [-3, 4], [5, -6], [7, double.NaN], [1, 0], [double.NaN, 1], [0, uint.MaxValue]];
        for (var c = 0; c < specs.Length; c++)
        {
            Assert.Equal(expected[c], chunk.Numeric(c).ToArray());
        }

        Assert.Equal([0, 1, 0, 0, 1, 0, 1, 0], Enumerable.Range(0, specs.Length).Select(c => reader.MissingCount(c)));
    }

    private static void WriteColumn<T>(RowGroupWriter group, T[] values)
    {
        using var column = group.NextColumn().LogicalWriter<T>();
        column.WriteBatch(values);
    }

    [Fact]
    public void A_missing_column_lists_the_file_columns()
    {
        Write(([1], ["a"], [0]));

        var error = Assert.Throws<InputException>(() => TableReader.Open(path, [new ColumnSpec("score", ColumnKind.Numeric)]));

        Assert.Contains("no column 'score'; columns are: x, g, y", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_text_column_cannot_be_read_as_numbers()
    {
        Write(([1], ["a"], [0]));

        var error = Assert.Throws<InputException>(() => TableReader.Open(path, [new ColumnSpec("g", ColumnKind.Numeric)]));

        Assert.Contains("'g' holds text", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_parquet_is_refused()
    {
        File.WriteAllText(path, "score,label\n0.1,0\n");

        Assert.Throws<InputException>(() => TableReader.Open(path, [new ColumnSpec("score", ColumnKind.Numeric)]));
    }
}
