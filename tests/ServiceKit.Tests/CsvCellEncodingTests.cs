using ModelRisk.ServiceKit.Csv;

namespace ModelRisk.ServiceKit.Tests;

public sealed class CsvCellEncodingTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("a;=b", "a;'=b")]
    [InlineData("a|  -b", "a|  '-b")]
    [InlineData("'=x", "''=x")]
    [InlineData("it's = fine", "it's = fine")]
    [InlineData("a, @b", "\"a, '@b\"")]
    [InlineData("\t=x", "'\t'=x")]
    public void A_formula_start_gets_one_guard_quote_wherever_a_piece_may_start(string value, string cell) =>
        Assert.Equal(cell, CsvCellEncoding.FormatCell(value));

    [Theory]
    [InlineData("=1+1")]
    [InlineData("''@x ; '+y")]
    [InlineData("a;=b|+c\t-d")]
    [InlineData("\t=x")]
    [InlineData("no guard needed")]
    public void Parsing_a_formatted_cell_gives_the_value_back(string value)
    {
        var cell = CsvCellEncoding.FormatCell(value);
        var unquoted = cell.StartsWith('"') ? cell[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal) : cell;
        Assert.Equal(value, CsvCellEncoding.ParseCell(unquoted));
    }

    [Theory]
    [InlineData(new[] { "a", "b" }, "a;b")]
    [InlineData(new[] { "a;b", "c" }, "a\\;b;c")]
    [InlineData(new[] { "C:\\x", "d\\" }, "C:\\x;d\\\\")]
    [InlineData(new[] { "a\\;b" }, "a\\\\\\;b")]
    public void List_items_are_escaped_only_where_they_must_be_and_split_back(string[] items, string cell)
    {
        Assert.Equal(cell, CsvCellEncoding.JoinList(items));
        Assert.Equal(items, CsvCellEncoding.SplitList(cell));
    }
}
